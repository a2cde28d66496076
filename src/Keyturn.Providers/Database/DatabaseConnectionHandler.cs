using System.Text.Json;
using Keyturn.Core.Connections;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Core.Validation;

namespace Keyturn.Providers.Database;

/// <summary>
/// A database app connection, method "username-password": {host, port, database, username, password, sslMode}, proven by
/// signing in. Whoever may create connections can make the server open a TCP connection to any host and port they name;
/// that is why creating connections is an administrator's action (docs/providers/postgres-credentials.md).
/// </summary>
public abstract class DatabaseConnectionHandler(IDatabaseServer server) : IAppConnectionHandler, ISelfRotatingConnectionPassword
{
    public const string UsernamePasswordMethod = "username-password";
    private const int MaxNameLength = 128;
    private static readonly string[] CredentialFields = ["host", "port", "database", "username", "password", "sslMode"];

    public abstract string App { get; }

    /// <summary>The server's usual port, used when the body names none.</summary>
    protected abstract int DefaultPort { get; }

    /// <summary>Whether a database name is required to connect (PostgreSQL) or optional (MySQL / MariaDB).</summary>
    protected abstract bool DatabaseRequired { get; }

    public IReadOnlyList<string> BodyFields { get; } = ["method", "credentials"];

    public Result<ParsedConnection> Parse(JsonElement body)
    {
        var errors = new ValidationErrors();
        // Optional, so the issue's body without it works; when given it must be the one method there is.
        var method = Json.OptionalString(body, "method", errors) ?? UsernamePasswordMethod;
        if (method != UsernamePasswordMethod)
        {
            errors.Add("method", $"must be '{UsernamePasswordMethod}'");
        }

        DatabaseEndpoint? endpoint = null;
        string? password = null;
        if (Json.OptionalObject(body, "credentials", errors) is { } creds)
        {
            Json.RejectUnknown(creds, CredentialFields, errors, "credentials");
            endpoint = ParseEndpoint(creds, errors);
            password = Json.OptionalString(creds, "password", errors, "credentials.password");
            if (string.IsNullOrEmpty(password) || password.Length > 1024 || password.Contains('\0'))
            {
                errors.Add("credentials.password", "is required: 1 to 1024 characters, no NUL");
            }
        }
        else if (!errors.ToDictionary().ContainsKey("credentials"))
        {
            errors.Add("credentials", "is required: {host, port, database, username, password, sslMode}");
        }

        return errors.IsEmpty
            ? new ParsedConnection(method, endpoint!.ToJson(), JsonSerializer.Serialize(new { password }))
            : Problem.Invalid(errors);
    }

    public async Task<ProviderResult<bool>> VerifyAsync(ConnectionSecret connection, CancellationToken cancellationToken)
    {
        var login = await server.LoginAsync(DatabaseLogin.Of(connection), cancellationToken);
        return login.IsSuccess ? ProviderResult<bool>.Ok(true) : ProviderResult<bool>.Fail(login.Error);
    }

    /// <summary>The same policy the credentials types default to: 32 characters, no quote, backslash or backtick.</summary>
    public PasswordPolicy PasswordPolicy => DatabaseCredentialsProvider.DefaultPolicy;

    public Task<ProviderResult<bool>> SetOwnPasswordAsync(ConnectionSecret connection, string newPassword, CancellationToken cancellationToken) =>
        server.SetOwnPasswordAsync(DatabaseLogin.Of(connection), newPassword, cancellationToken);

    public Task<ProviderResult<Verification>> LoginAsync(ConnectionSecret connection, string? password, CancellationToken cancellationToken)
    {
        var login = DatabaseLogin.Of(connection);
        return server.LoginAsync(password is null ? login : login with { Password = password }, cancellationToken);
    }

    // The credentials hold only the password; host, port, database and username are configuration and stay as they are.
    public string CredentialsWith(ConnectionSecret connection, string newPassword) => JsonSerializer.Serialize(new { password = newPassword });

    private DatabaseEndpoint? ParseEndpoint(JsonElement creds, ValidationErrors errors)
    {
        var host = Json.OptionalString(creds, "host", errors, "credentials.host");
        if (host is null || host.Length > 253 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            errors.Add("credentials.host", "is required: a DNS name or an IP address");
        }

        var port = Json.OptionalInt(creds, "port", errors, "credentials.port") ?? DefaultPort;
        if (port is < 1 or > 65535)
        {
            errors.Add("credentials.port", $"must be between 1 and 65535 (default {DefaultPort})");
        }

        var database = Json.OptionalString(creds, "database", errors, "credentials.database");
        if (database is null ? DatabaseRequired : database.Length is 0 or > MaxNameLength || database.Contains('\0'))
        {
            errors.Add("credentials.database", $"{(DatabaseRequired ? "is required" : "is optional")}: 1 to {MaxNameLength} characters, no NUL");
        }

        var username = Json.OptionalString(creds, "username", errors, "credentials.username");
        if (string.IsNullOrEmpty(username) || username.Length > MaxNameLength || username.Contains('\0'))
        {
            errors.Add("credentials.username", $"is required: 1 to {MaxNameLength} characters, no NUL");
        }

        var sslMode = Json.OptionalString(creds, "sslMode", errors, "credentials.sslMode") ?? DatabaseSslMode.Default;
        if (!DatabaseSslMode.Names.Contains(sslMode))
        {
            errors.Add("credentials.sslMode", DatabaseSslMode.Rule);
        }

        // Only used when no error was found, so every value here has passed its rule.
        return host is null || username is null ? null : new DatabaseEndpoint(host, port, database, username, sslMode);
    }
}
