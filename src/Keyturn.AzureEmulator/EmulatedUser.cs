namespace Keyturn.AzureEmulator;

/// <summary>
/// A directory user known to the emulator. <paramref name="InitialPassword"/> is the password it was made with (null
/// after a state reload only if it was never recorded); it stops working once something resets the password.
/// </summary>
/// <param name="Privileged">Holds Global Administrator: resetting its password needs a privileged caller.</param>
public sealed record EmulatedUser(string ObjectId, string UserPrincipalName, string DisplayName, bool Privileged, string? InitialPassword);
