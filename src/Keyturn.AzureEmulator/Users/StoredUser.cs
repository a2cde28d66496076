namespace Keyturn.AzureEmulator.Users;

/// <summary>
/// A directory user as the emulator keeps it. Passwords exist only as hashes, like app secrets; the seeded and
/// control-made users' first password is kept in plaintext on purpose so tests and the standalone CLI can sign in
/// with it (see <see cref="EmulatedUser"/>).
/// </summary>
/// <param name="Privileged">Holds a privileged directory role (Global Administrator): only a privileged caller may reset it.</param>
/// <param name="PreviousPasswordHash">The password before the last reset, still accepted until <paramref name="PasswordPropagatesAt"/>.</param>
/// <param name="PasswordPropagatesAt">
/// When the last reset has reached every replica: before it, sign-ins still see the previous password and refuse the new one.
/// </param>
internal sealed record StoredUser(
    string ObjectId,
    string UserPrincipalName,
    string DisplayName,
    bool AccountEnabled,
    bool Privileged,
    string PasswordHash,
    string? PreviousPasswordHash,
    DateTimeOffset PasswordPropagatesAt,
    string? InitialPassword)
{
    public EmulatedUser ToEmulatedUser() => new(ObjectId, UserPrincipalName, DisplayName, Privileged, InitialPassword);

    /// <summary>Whether "idOrUpn" names this user, as Graph's /users/{id | userPrincipalName} does.</summary>
    public bool IsNamedBy(string idOrUpn) =>
        string.Equals(ObjectId, idOrUpn, StringComparison.OrdinalIgnoreCase)
        || string.Equals(UserPrincipalName, idOrUpn, StringComparison.OrdinalIgnoreCase);
}
