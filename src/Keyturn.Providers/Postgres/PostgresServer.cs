using Keyturn.Core.Providers;
using Keyturn.Core.Providers.Failures;
using Keyturn.Providers.Database;
using Keyturn.Providers.Failures;
using Npgsql;

namespace Keyturn.Providers.Postgres;

/// <summary>
/// PostgreSQL through Npgsql. Every call opens its own unpooled connection: a pool would keep sessions signed in with a
/// password that has since changed, and would make a verify prove nothing.
/// </summary>
public sealed class PostgresServer : IDatabaseServer
{
    // Server states where trying again later can succeed; anything else the server answered is final.
    private static readonly HashSet<string> TransientStates =
    [
        PostgresErrorCodes.TooManyConnections, PostgresErrorCodes.CannotConnectNow, PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown, PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.DeadlockDetected,
    ];

    public async Task<ProviderResult<Verification>> LoginAsync(DatabaseLogin login, CancellationToken cancellationToken) =>
        await RunAsync(login, (_, _) => Task.FromResult(Verification.Proven), cancellationToken);

    public async Task<ProviderResult<IReadOnlyList<string>>> MissingAccountsAsync(DatabaseLogin admin, IReadOnlyList<string> accounts, CancellationToken cancellationToken) =>
        await RunAsync<IReadOnlyList<string>>(admin, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT name FROM unnest(@names) AS n(name) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = n.name)", connection);
            command.Parameters.AddWithValue("names", accounts.ToArray());
            var missing = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                missing.Add(reader.GetString(0));
            }

            return missing;
        }, cancellationToken);

    public async Task<ProviderResult<bool>> SetPasswordAsync(DatabaseLogin admin, string account, string password, CancellationToken cancellationToken) =>
        await RunAsync(admin, async (connection, ct) =>
        {
            // ALTER ROLE takes no bind parameters. The role is a quoted identifier; the password is sent as its SCRAM
            // verifier (base64, '$' and ':' only), so no password text lands in the server's log or needs escaping.
            await using var command = new NpgsqlCommand($"ALTER ROLE {PostgresRoleName.Quote(account)} PASSWORD {Literal(ScramSha256Verifier.Compute(password))}", connection);
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    public async Task<ProviderResult<bool>> SetOwnPasswordAsync(DatabaseLogin login, string newPassword, CancellationToken cancellationToken) =>
        await RunAsync(login, async (connection, ct) =>
        {
            // CURRENT_USER, so no name is spelled out; any role may change its own password, CREATEROLE or not.
            await using var command = new NpgsqlCommand($"ALTER ROLE CURRENT_USER PASSWORD {Literal(ScramSha256Verifier.Compute(newPassword))}", connection);
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    /// <summary>Opens a connection as <paramref name="login"/> and runs <paramref name="action"/>; server and network failures become values.</summary>
    private static async Task<ProviderResult<T>> RunAsync<T>(DatabaseLogin login, Func<NpgsqlConnection, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(login));
            await connection.OpenAsync(cancellationToken);
            return ProviderResult<T>.Ok(await action(connection, cancellationToken));
        }
        catch (PostgresException e)
        {
            return ProviderResult<T>.Fail(new ProviderError(FailureText.Compose(e.SqlState, e.MessageText, $"PostgreSQL refused {login.Username}"), TransientStates.Contains(e.SqlState))
            {
                Kind = ProviderFailureKind.Rejected,
            });
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult<T>.Fail(ProviderFailures.From(e, $"PostgreSQL at {login.Endpoint.Host}:{login.Endpoint.Port}", transient: true));
        }
    }

    /// <summary>A standard string literal: single quotes doubled. Backslashes are refused, so the result means the same whatever standard_conforming_strings says.</summary>
    internal static string Literal(string value) =>
        value.Contains('\\') || value.Contains('\0') ? throw new ArgumentException("Literal text must not contain a backslash or NUL.", nameof(value)) : "'" + value.Replace("'", "''") + "'";

    internal static string ConnectionString(DatabaseLogin login) => new NpgsqlConnectionStringBuilder
    {
        Host = login.Endpoint.Host,
        Port = login.Endpoint.Port,
        Database = login.Endpoint.Database,
        Username = login.Username,
        Password = login.Password,
        SslMode = login.Endpoint.SslMode switch
        {
            DatabaseSslMode.Disable => SslMode.Disable,
            DatabaseSslMode.Prefer => SslMode.Prefer,
            DatabaseSslMode.Require => SslMode.Require,
            DatabaseSslMode.VerifyCa => SslMode.VerifyCA,
            _ => SslMode.VerifyFull,
        },
        Pooling = false,
        Timeout = 15,
        CommandTimeout = 30,
        ApplicationName = "keyturn",
    }.ConnectionString;
}
