namespace Keyturn.Core.Storage;

/// <summary>
/// The one storage contract. Two backends implement it (SQLite, PostgreSQL) and one contract test suite runs
/// against both. Values arrive sealed: the store never sees a plain secret.
/// Conflicts (unique names, stale versions) surface as <see cref="StoreConflictException"/>.
/// </summary>
public interface IKeyturnStore :
    IProjectStore, ISecretStore, IConnectionStore, IRotationStore, IJobStore, ITokenStore, IAuditStore, IDataKeyStore,
    IConnectionJobStore,
    IWebhookStore,
    IIdentityStore,
    IMembershipStore,
    IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema. Idempotent; safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The schema version applied and the one expected, read with one query (GET /readyz). Throws when the database cannot be reached.</summary>
    Task<SchemaVersion> GetSchemaVersionAsync(CancellationToken cancellationToken);
}
