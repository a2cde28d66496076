namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>
/// The built-in Azure roles the emulator understands, and the storage actions each grants. The key operator role
/// grants listKeys and regenerateKey only (not read), as Azure's built-in definition does.
/// </summary>
public static class StorageRoles
{
    public const string KeyOperator = "Storage Account Key Operator Service Role";
    public const string Reader = "Reader";
    public const string StorageAccountContributor = "Storage Account Contributor";
    public const string Contributor = "Contributor";
    public const string Owner = "Owner";

    public const string ReadAction = "Microsoft.Storage/storageAccounts/read";
    public const string ListKeysAction = "Microsoft.Storage/storageAccounts/listKeys/action";
    public const string RegenerateKeyAction = "Microsoft.Storage/storageAccounts/regenerateKey/action";

    public static readonly IReadOnlyList<string> All = [KeyOperator, Reader, StorageAccountContributor, Contributor, Owner];

    internal static bool Grants(string role, string action) => role switch
    {
        KeyOperator => action is ListKeysAction or RegenerateKeyAction,
        Reader => action is ReadAction,
        StorageAccountContributor or Contributor or Owner => true,
        _ => false,
    };

    internal static string? Canonical(string role) => All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
}
