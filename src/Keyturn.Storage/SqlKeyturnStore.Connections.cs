using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string ConnectionColumns =
        "id, name, description, app, method, sealed_credentials, configuration_json, created_at, updated_at, " + CredentialRotationColumns;

    private const string CredentialRotationColumns =
        "credential_rotation_enabled, credential_rotation_interval, credential_rotate_at_hours, credential_rotate_at_minutes, initial_credential_id, " +
        "active_credential_id, previous_credential_id, credential_rotation_status, credential_rotation_message, credentials_rotated_at, " +
        "next_credential_rotation_at, last_credential_job_id";

    public Task CreateConnectionAsync(AppConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var state = connection.CredentialRotation;
        return WriteAsync(db => db.Sql($"""
                INSERT INTO connections ({ConnectionColumns})
                VALUES (@id, @name, @description, @app, @method, @sealed_credentials, @configuration_json, @created_at, @updated_at,
                    @enabled, @interval, @hours, @minutes, @initial_id, @active_id, @previous_id, @status, @message, @rotated_at, @next_at, @job_id)
                """)
            .Add("id", connection.Id).Add("name", connection.Name).Add("description", connection.Description)
            .Add("app", connection.App).Add("method", connection.Method).Add("sealed_credentials", connection.SealedCredentials)
            .Add("configuration_json", connection.ConfigurationJson)
            .Add("created_at", connection.CreatedAt).Add("updated_at", connection.UpdatedAt)
            .Add("enabled", state.Settings.IsAutoRotationEnabled).Add("interval", state.Settings.RotationInterval)
            .Add("hours", state.Settings.RotateAtHours).Add("minutes", state.Settings.RotateAtMinutes)
            .Add("initial_id", state.InitialCredentialId).Add("active_id", state.ActiveCredentialId).Add("previous_id", state.PreviousCredentialId)
            .Add("status", state.Status).Add("message", state.Message).Add("rotated_at", state.RotatedAt).Add("next_at", state.NextRotationAt)
            .Add("job_id", state.LastJobId)
            .ExecuteAsync(cancellationToken),
            Conflict($"a connection named '{connection.Name}' already exists", "a referenced row does not exist"), cancellationToken);
    }

    // Cached: every rotation attempt opens its connection, and every rotation answer names it.
    public Task<AppConnection?> GetConnectionAsync(Guid id, CancellationToken cancellationToken) =>
        CachedReadAsync(new CacheKey(CacheKind.Connection, id), db => db.Sql($"SELECT {ConnectionColumns} FROM connections WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadConnection, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<AppConnection>> ListConnectionsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {ConnectionColumns} FROM connections ORDER BY created_at, id")
            .QueryAsync(ReadConnection, cancellationToken), cancellationToken);

    public async Task<DeleteConnectionResult> DeleteConnectionAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await RunInWriteTransactionAsync(async db =>
            {
                if (!await db.Sql("SELECT 1 FROM connections WHERE id = @id").Add("id", id).AnyAsync(cancellationToken))
                {
                    return DeleteConnectionResult.NotFound;
                }

                if (await db.Sql("SELECT 1 FROM rotations WHERE connection_id = @id LIMIT 1").Add("id", id).AnyAsync(cancellationToken))
                {
                    return DeleteConnectionResult.InUse;
                }

                // A self-rotation in flight would leave the secret it issues orphaned on the app once its row is gone.
                if (await db.Sql("SELECT 1 FROM connection_jobs WHERE connection_id = @id AND status = @running LIMIT 1")
                        .Add("id", id).Add("running", Running).AnyAsync(cancellationToken))
                {
                    return DeleteConnectionResult.InUse;
                }

                // The connection's self-rotation history goes with it (journal rows first: they reference the jobs).
                await db.Sql("DELETE FROM connection_journal_entries WHERE job_id IN (SELECT id FROM connection_jobs WHERE connection_id = @id)")
                    .Add("id", id).ExecuteAsync(cancellationToken);
                await db.Sql("DELETE FROM connection_jobs WHERE connection_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
                await db.Sql("DELETE FROM connections WHERE id = @id").Add("id", id).ExecuteAsync(cancellationToken);
                return DeleteConnectionResult.Deleted;
            }, cancellationToken);
        }
        catch (DbException exception) when (dialect.Classify(exception) is ConflictKind.ForeignKey)
        {
            // PostgreSQL at READ COMMITTED: a rotation committed between the check and the delete; the foreign key caught it.
            return DeleteConnectionResult.InUse;
        }
    }

    private static AppConnection ReadConnection(DbDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetStringOrNull(2), r.GetString(3), r.GetString(4), r.GetBlob(5), r.GetString(6),
        r.GetTime(7), r.GetTime(8))
    {
        CredentialRotation = new CredentialRotationState(
            new CredentialRotationSettings(r.GetBoolean(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12)),
            r.GetStringOrNull(13), r.GetStringOrNull(14), r.GetStringOrNull(15), r.GetStringOrNull(16), r.GetStringOrNull(17),
            r.GetTimeOrNull(18), r.GetTimeOrNull(19), r.GetGuidOrNull(20)),
    };
}
