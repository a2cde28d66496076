using Keyturn.Core.Providers;

namespace Keyturn.Providers.Database;

/// <summary>
/// The narrow client a database credentials type needs from its server. Account names reaching these calls have passed
/// the type's name rule; implementations still quote or bind them by the database's rules and never splice them raw.
/// Expected failures (refused login, missing privilege, unreachable server) are values, with no secret in the message.
/// </summary>
public interface IDatabaseServer
{
    /// <summary>Signs in as <paramref name="login"/> on a fresh, unpooled connection. A refused login is not transient.</summary>
    Task<ProviderResult<Verification>> LoginAsync(DatabaseLogin login, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="accounts"/> do not exist on the server, asked as the connection's account.</summary>
    Task<ProviderResult<IReadOnlyList<string>>> MissingAccountsAsync(DatabaseLogin admin, IReadOnlyList<string> accounts, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="account"/>'s password as the connection's account; setting the same value twice is harmless.</summary>
    Task<ProviderResult<bool>> SetPasswordAsync(DatabaseLogin admin, string account, string password, CancellationToken cancellationToken);

    /// <summary>Sets the password of the account <paramref name="login"/> signs in as, signed in with its current password.</summary>
    Task<ProviderResult<bool>> SetOwnPasswordAsync(DatabaseLogin login, string newPassword, CancellationToken cancellationToken);
}
