using Keyturn.Core.Providers;
using Keyturn.Providers.Database;
using Keyturn.Providers.Failures;
using MySqlConnector;

namespace Keyturn.Providers.MySql;

/// <summary>
/// MySQL / MariaDB through MySqlConnector. Every call opens its own unpooled connection: a pool would keep sessions
/// signed in with a password that has since changed, and would make a verify prove nothing.
/// </summary>
public sealed class MySqlServer : IDatabaseServer
{
    public async Task<ProviderResult<Verification>> LoginAsync(DatabaseLogin login, CancellationToken cancellationToken) =>
        await RunAsync(login, (_, _) => Task.FromResult(Verification.Proven), cancellationToken);

    public async Task<ProviderResult<IReadOnlyList<string>>> MissingAccountsAsync(DatabaseLogin admin, IReadOnlyList<string> accounts, CancellationToken cancellationToken) =>
        await RunAsync<IReadOnlyList<string>>(admin, async (connection, ct) =>
        {
            var missing = new List<string>();
            foreach (var text in accounts)
            {
                var account = Account(text);
                await using var command = new MySqlCommand("SELECT COUNT(*) FROM mysql.user WHERE User = @user AND Host = @host", connection);
                command.Parameters.AddWithValue("@user", account.User);
                command.Parameters.AddWithValue("@host", account.Host);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    missing.Add(text);
                }
            }

            return missing;
        }, cancellationToken);

    public async Task<ProviderResult<bool>> SetPasswordAsync(DatabaseLogin admin, string account, string password, CancellationToken cancellationToken) =>
        await RunAsync(admin, async (connection, ct) =>
        {
            var parsed = Account(account);
            // The account's parts and the password are positional parameters; MySqlConnector writes each as a string literal
            // escaped for the session's SQL mode, which is what the user@host and IDENTIFIED BY grammar takes.
            await using var command = new MySqlCommand("ALTER USER ?@? IDENTIFIED BY ?", connection);
            command.Parameters.Add(new MySqlParameter { Value = parsed.User });
            command.Parameters.Add(new MySqlParameter { Value = parsed.Host });
            command.Parameters.Add(new MySqlParameter { Value = password });
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    public async Task<ProviderResult<bool>> SetOwnPasswordAsync(DatabaseLogin login, string newPassword, CancellationToken cancellationToken) =>
        await RunAsync(login, async (connection, ct) =>
        {
            // The account the server matched this login to (user and host pattern), named explicitly: MariaDB 10.11 accepts
            // ALTER USER CURRENT_USER() IDENTIFIED BY … and changes nothing.
            await using var current = new MySqlCommand("SELECT CURRENT_USER()", connection);
            var account = Convert.ToString(await current.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var at = account.LastIndexOf('@');
            await using var command = new MySqlCommand("ALTER USER ?@? IDENTIFIED BY ?", connection);
            command.Parameters.Add(new MySqlParameter { Value = at < 0 ? account : account[..at] });
            command.Parameters.Add(new MySqlParameter { Value = at < 0 ? MySqlAccount.AnyHost : account[(at + 1)..] });
            command.Parameters.Add(new MySqlParameter { Value = newPassword });
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    private static MySqlAccount Account(string text) =>
        MySqlAccount.Parse(text) ?? throw new ArgumentException($"'{text}' was not checked against the account rule.", nameof(text));

    /// <summary>Opens a connection as <paramref name="login"/> and runs <paramref name="action"/>; server and network failures become values.</summary>
    private static async Task<ProviderResult<T>> RunAsync<T>(DatabaseLogin login, Func<MySqlConnection, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new MySqlConnection(ConnectionString(login));
            await connection.OpenAsync(cancellationToken);
            return ProviderResult<T>.Ok(await action(connection, cancellationToken));
        }
        catch (MySqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult<T>.Fail(ProviderFailures.From(e, $"MySQL at {login.Endpoint.Host}:{login.Endpoint.Port}", $"MySQL refused {login.Username}", e.IsTransient));
        }
    }

    internal static string ConnectionString(DatabaseLogin login)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = login.Endpoint.Host,
            Port = (uint)login.Endpoint.Port,
            UserID = login.Username,
            Password = login.Password,
            SslMode = login.Endpoint.SslMode switch
            {
                DatabaseSslMode.Disable => MySqlSslMode.None,
                DatabaseSslMode.Prefer => MySqlSslMode.Preferred,
                DatabaseSslMode.Require => MySqlSslMode.Required,
                DatabaseSslMode.VerifyCa => MySqlSslMode.VerifyCA,
                _ => MySqlSslMode.VerifyFull,
            },
            Pooling = false,
            ConnectionTimeout = 15,
            DefaultCommandTimeout = 30,
            ApplicationName = "keyturn",
        };
        // The connection's account manages accounts and needs no database; a rotated account signs in to the database
        // consumers use, so its verify also proves it may use that database.
        if (login.Endpoint.Database is { } database && !login.IsConnectionAccount)
        {
            builder.Database = database;
        }

        return builder.ConnectionString;
    }
}
