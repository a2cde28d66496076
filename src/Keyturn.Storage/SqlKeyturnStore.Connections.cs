using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string ConnectionColumns =
        "id, name, description, app, method, sealed_credentials, configuration_json, created_at, updated_at";

    public Task CreateConnectionAsync(AppConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return WriteAsync(db => db.Sql($"""
                INSERT INTO connections ({ConnectionColumns})
                VALUES (@id, @name, @description, @app, @method, @sealed_credentials, @configuration_json, @created_at, @updated_at)
                """)
            .Add("id", connection.Id).Add("name", connection.Name).Add("description", connection.Description)
            .Add("app", connection.App).Add("method", connection.Method).Add("sealed_credentials", connection.SealedCredentials)
            .Add("configuration_json", connection.ConfigurationJson)
            .Add("created_at", connection.CreatedAt).Add("updated_at", connection.UpdatedAt)
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
        r.GetTime(7), r.GetTime(8));
}
