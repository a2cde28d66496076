namespace Keyturn.AzureEmulator.Users;

/// <summary>The users part of the persisted directory: the seeded users and public client, and every user.</summary>
/// <param name="PublicClientObjectIds">Apps with "Allow public client flows" (isFallbackPublicClient), which may use the password grant without a secret.</param>
internal sealed record UserDirectoryState(
    string NormalUserObjectId,
    string PrivilegedUserObjectId,
    string PublicClientObjectId,
    IReadOnlyList<string> PublicClientObjectIds,
    IReadOnlyList<StoredUser> Users);
