using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Connections;

/// <summary>
/// An app connection that rotates its own password in place (a database account): there is one password, so the new
/// one replaces the old at the moment the server takes it. The engine generates the value and journals it sealed
/// before the server sees it; the handler only sets it, proves it and builds the credentials that hold it.
/// </summary>
public interface ISelfRotatingConnectionPassword
{
    /// <summary>How the engine generates the connection's new password (the type's default policy).</summary>
    PasswordPolicy PasswordPolicy { get; }

    /// <summary>
    /// Sets the connection's own password to <paramref name="newPassword"/>, signed in with the current one. Setting a
    /// value the account already has is harmless, so recovery may apply a journaled value again.
    /// </summary>
    Task<ProviderResult<bool>> SetOwnPasswordAsync(ConnectionSecret connection, string newPassword, CancellationToken cancellationToken);

    /// <summary>
    /// Signs in as the connection's account with <paramref name="password"/> (the current one when null) on a fresh,
    /// unpooled connection. A refused login is not transient; an unreachable server is.
    /// </summary>
    Task<ProviderResult<Verification>> LoginAsync(ConnectionSecret connection, string? password, CancellationToken cancellationToken);

    /// <summary>The connection's credentials JSON with <paramref name="newPassword"/> in place of the current password.</summary>
    string CredentialsWith(ConnectionSecret connection, string newPassword);
}
