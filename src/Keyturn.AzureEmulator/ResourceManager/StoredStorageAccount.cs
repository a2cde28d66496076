namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>One key of a storage account: its name (key1, key2, kerb1, kerb2), base64 value and when it was made.</summary>
internal sealed record StoredAccountKey(string KeyName, string Value, DateTimeOffset CreationTime);

/// <summary>A storage account in a resource group with its four keys. Immutable; the store replaces it on change.</summary>
internal sealed record StoredStorageAccount(string ResourceGroup, string Name, IReadOnlyList<StoredAccountKey> Keys)
{
    public StoredAccountKey? Key(string keyName) => Keys.FirstOrDefault(k => string.Equals(k.KeyName, keyName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An Azure RBAC role held by an app (by client id) at a scope (subscription, resource group or resource id).</summary>
internal sealed record StoredRoleAssignment(string ClientId, string Scope, string RoleName);

/// <summary>What resource-manager.json holds, next to the directory's state.json.</summary>
internal sealed record ResourceManagerDocument(
    string SubscriptionId,
    IReadOnlyList<string> ResourceGroups,
    IReadOnlyList<StoredStorageAccount> StorageAccounts,
    IReadOnlyList<StoredRoleAssignment> RoleAssignments);
