using System.Data.Common;
using Keyturn.Bench.Support;
using Keyturn.Storage;
using Npgsql;
using ServerFiles = Keyturn.Server.Hosting.DataDirectory;

namespace Keyturn.Bench.Scale;

/// <summary>A fresh PostgreSQL database for the server, plus a data directory that still holds root.key and node.id.</summary>
public sealed class PostgresScaleBackend : ScaleBackend
{
    private readonly string _root;
    private readonly PostgresScratch _scratch;

    private PostgresScaleBackend(string root, string dataDirectory, PostgresScratch scratch)
    {
        _root = root;
        DataDirectory = dataDirectory;
        _scratch = scratch;
        Storage = new StorageOptions(KeyturnStoreFactory.Postgres, scratch.ConnectionString);
    }

    public override string Name => "PostgreSQL";

    public override string DataDirectory { get; }

    public override string? ServerPostgres => _scratch.ConnectionString;

    public override StorageOptions Storage { get; }

    /// <summary>Where the tables live, for the report.</summary>
    public string Description => _scratch.Description;

    public static async Task<PostgresScaleBackend> CreateAsync(BenchContext context, string adminConnectionString, CancellationToken cancellationToken)
    {
        var root = context.NewDirectory("scale-postgres");
        var dataDirectory = Path.Combine(root, "data");
        ServerFiles.Ensure(dataDirectory);
        var scratch = await PostgresScratch.CreateAsync(adminConnectionString, cancellationToken);
        return new PostgresScaleBackend(root, dataDirectory, scratch);
    }

    public override async Task<IBulkWriter> OpenBulkWriterAsync(CancellationToken cancellationToken) =>
        await PostgresBulkWriter.OpenAsync(Storage.ConnectionString, cancellationToken);

    // Autovacuum would have vacuumed and analysed tables this size long before anyone measured them; right after
    // a bulk load the statistics are empty, which no running installation sees. So do what autovacuum would.
    public override async Task SettleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM (ANALYZE)";
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'
            """;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public override Task<IReadOnlyList<string>> ExplainDueScanAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ExplainAsync("EXPLAIN (ANALYZE, BUFFERS) ", 0, now, limit, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _scratch.DisposeAsync();
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(Storage.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
