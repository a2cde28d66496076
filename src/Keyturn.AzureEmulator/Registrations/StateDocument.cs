namespace Keyturn.AzureEmulator.Registrations;

/// <summary>The persisted directory: tenant, token signing key, the two seeded apps' ids, and every app.</summary>
internal sealed record StateDocument(
    string TenantId,
    string TokenSigningKey,
    string AdminObjectId,
    string TargetObjectId,
    IReadOnlyList<StoredApp> Apps);
