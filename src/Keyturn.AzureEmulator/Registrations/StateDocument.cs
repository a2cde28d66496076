namespace Keyturn.AzureEmulator.Registrations;

/// <summary>The persisted directory: tenant, token signing key, the two seeded apps' ids, and every app.</summary>
internal sealed record StateDocument(
    string TenantId,
    string TokenSigningKey,
    string AdminObjectId,
    string TargetObjectId,
    IReadOnlyList<StoredApp> Apps)
{
    /// <summary>Users and public clients; null in state files written before the emulator had users (seeded on load).</summary>
    public Users.UserDirectoryState? Users { get; init; }
}
