using System.Text.Json;
using Keyturn.Core.Providers;

namespace Keyturn.Providers.Database;

/// <summary>An endpoint and the password to sign in with, opened from a connection for the length of one call.</summary>
/// <param name="IsConnectionAccount">True for the connection's own account; false for a rotated account proving its password.</param>
public sealed record DatabaseLogin(DatabaseEndpoint Endpoint, string Username, string Password, bool IsConnectionAccount = true)
{
    /// <summary>The connection's own account.</summary>
    public static DatabaseLogin Of(ConnectionSecret connection)
    {
        var endpoint = DatabaseEndpoint.FromJson(connection.Configuration);
        var password = connection.Credentials.GetProperty("password").GetString() ?? throw new JsonException("The connection has no password.");
        return new DatabaseLogin(endpoint, endpoint.Username, password);
    }

    /// <summary>Another account on the same server, e.g. a rotated user proving its new password.</summary>
    public DatabaseLogin As(string username, string password) => this with { Username = username, Password = password, IsConnectionAccount = false };

    // Records print their members; a password must never reach a log line through ToString.
    public override string ToString() => $"{Username}@{Endpoint.Host}:{Endpoint.Port}";
}
