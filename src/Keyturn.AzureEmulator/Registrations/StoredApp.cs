namespace Keyturn.AzureEmulator.Registrations;

/// <summary>
/// An app registration with its roles (application permissions granted to it), owners and credentials.
/// <paramref name="InitialSecret"/> is kept in plaintext on purpose: the standalone emulator must print the
/// admin app's secret again after a restart. Every other secret exists only as a hash.
/// </summary>
internal sealed record StoredApp(
    string ObjectId,
    string ClientId,
    string DisplayName,
    IReadOnlyList<string> AppRoles,
    IReadOnlyList<string> OwnerObjectIds,
    IReadOnlyList<StoredCredential> Credentials,
    string? InitialSecret)
{
    public EmulatedApp ToEmulatedApp() => new(ObjectId, ClientId, DisplayName, InitialSecret);

    public bool HasRole(string role) => AppRoles.Contains(role, StringComparer.OrdinalIgnoreCase);

    public bool IsOwnedBy(string objectId) => OwnerObjectIds.Contains(objectId, StringComparer.OrdinalIgnoreCase);
}
