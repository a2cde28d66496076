using System.Security.Cryptography;
using Npgsql;

namespace Keyturn.Bench.Support;

/// <summary>
/// A database of its own for one run on the given server, dropped on dispose. When the role may not create
/// databases (no CREATEDB), a schema in the given database is used instead through the connection string's
/// Search Path, which the store honours.
/// </summary>
public sealed class PostgresScratch : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _name;
    private readonly bool _isDatabase;

    private PostgresScratch(string adminConnectionString, string name, bool isDatabase, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        _isDatabase = isDatabase;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>"database keyturn_bench_…" or "schema keyturn_bench_… in keyturn_test", for the report.</summary>
    public string Description => _isDatabase
        ? $"database {_name}"
        : $"schema {_name} in database {new NpgsqlConnectionStringBuilder(_adminConnectionString).Database}";

    public static async Task<PostgresScratch> CreateAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        // Generated from hex only, so it is safe to splice into DDL.
        var name = "keyturn_bench_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { CommandTimeout = 0 };
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {name}", cancellationToken);
            builder.Database = name;
            return new PostgresScratch(adminConnectionString, name, isDatabase: true, builder.ConnectionString);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await ExecuteAsync(admin, $"CREATE SCHEMA {name}", cancellationToken);
            builder.SearchPath = name;
            return new PostgresScratch(adminConnectionString, name, isDatabase: false, builder.ConnectionString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Idle pooled connections of this process would block DROP DATABASE.
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync(CancellationToken.None);
        await ExecuteAsync(admin, _isDatabase ? $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)" : $"DROP SCHEMA IF EXISTS {_name} CASCADE", CancellationToken.None);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
