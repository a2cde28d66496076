using System.Security.Cryptography;

namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>
/// The emulated subscription: resource groups, storage accounts with their keys, and role assignments. Thread-safe
/// like the directory: one lock, immutable records replaced on change, every change written to the file (when there
/// is one) before the lock is released.
/// </summary>
internal sealed class StorageAccountStore
{
    public const string SeededResourceGroup = "rg-keyturn";
    public const string SeededAccountName = "keyturnstore";
    public static readonly IReadOnlyList<string> KeyNames = ["key1", "key2", "kerb1", "kerb2"];

    private readonly Lock gate = new();
    private readonly ResourceManagerFile? file;
    private readonly TimeProvider time;
    private readonly HashSet<string> resourceGroups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredStorageAccount> accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<StoredRoleAssignment> assignments = [];

    private StorageAccountStore(ResourceManagerDocument document, ResourceManagerFile? file, TimeProvider time)
    {
        SubscriptionId = document.SubscriptionId;
        resourceGroups.UnionWith(document.ResourceGroups);
        foreach (var account in document.StorageAccounts)
        {
            accounts[account.Name] = account;
        }

        assignments.AddRange(document.RoleAssignments);
        this.file = file;
        this.time = time;
    }

    public string SubscriptionId { get; }

    /// <summary>
    /// Loads the subscription, or seeds one with rg-keyturn/keyturnstore on which the admin app holds the key operator
    /// role (on the account) and Reader (on the group, so it can read the account and learn that others do not exist).
    /// </summary>
    public static StorageAccountStore OpenOrSeed(ResourceManagerFile? file, string adminClientId, TimeProvider time)
    {
        if (file?.TryLoad() is { } existing)
        {
            return new StorageAccountStore(existing, file, time);
        }

        var subscriptionId = Guid.NewGuid().ToString();
        var account = NewAccount(SeededResourceGroup, SeededAccountName, time.GetUtcNow());
        var document = new ResourceManagerDocument(subscriptionId, [SeededResourceGroup], [account],
        [
            new StoredRoleAssignment(adminClientId, AccountId(subscriptionId, SeededResourceGroup, SeededAccountName), StorageRoles.KeyOperator),
            new StoredRoleAssignment(adminClientId, GroupId(subscriptionId, SeededResourceGroup), StorageRoles.Reader),
        ]);
        file?.Save(document);
        return new StorageAccountStore(document, file, time);
    }

    public static string GroupId(string subscriptionId, string resourceGroup) => $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}";

    public static string AccountId(string subscriptionId, string resourceGroup, string name) =>
        $"{GroupId(subscriptionId, resourceGroup)}/providers/Microsoft.Storage/storageAccounts/{name}";

    public string AccountId(StoredStorageAccount account) => AccountId(SubscriptionId, account.ResourceGroup, account.Name);

    public bool HasResourceGroup(string resourceGroup)
    {
        lock (gate)
        {
            return resourceGroups.Contains(resourceGroup);
        }
    }

    /// <summary>The account in this group, or null (an account of that name in another group is not it).</summary>
    public StoredStorageAccount? Find(string resourceGroup, string name)
    {
        lock (gate)
        {
            return accounts.TryGetValue(name, out var account) && string.Equals(account.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase)
                ? account
                : null;
        }
    }

    /// <summary>Account names are unique across Azure, so the data plane finds an account by name alone.</summary>
    public StoredStorageAccount? FindByName(string name)
    {
        lock (gate)
        {
            return accounts.GetValueOrDefault(name);
        }
    }

    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public StoredStorageAccount CreateAccount(string resourceGroup, string name)
    {
        lock (gate)
        {
            if (accounts.ContainsKey(name))
            {
                throw new InvalidOperationException($"The storage account name '{name}' is already taken.");
            }

            var account = NewAccount(resourceGroup, name, time.GetUtcNow());
            resourceGroups.Add(resourceGroup);
            accounts[name] = account;
            Persist();
            return account;
        }
    }

    /// <summary>Replaces one key with a fresh random value; null when the account does not exist.</summary>
    public StoredStorageAccount? Regenerate(string resourceGroup, string name, string keyName)
    {
        lock (gate)
        {
            if (Find(resourceGroup, name) is not { } account)
            {
                return null;
            }

            var updated = account with
            {
                Keys = [.. account.Keys.Select(k => string.Equals(k.KeyName, keyName, StringComparison.OrdinalIgnoreCase) ? NewKey(k.KeyName, time.GetUtcNow()) : k)],
            };
            accounts[name] = updated;
            Persist();
            return updated;
        }
    }

    public void Grant(string clientId, string scope, string role)
    {
        lock (gate)
        {
            if (!assignments.Any(a => Same(a, clientId, scope, role)))
            {
                assignments.Add(new StoredRoleAssignment(clientId, scope.TrimEnd('/'), role));
                Persist();
            }
        }
    }

    /// <summary>False when there was no such assignment.</summary>
    public bool Revoke(string clientId, string scope, string role)
    {
        lock (gate)
        {
            var removed = assignments.RemoveAll(a => Same(a, clientId, scope, role)) > 0;
            if (removed)
            {
                Persist();
            }

            return removed;
        }
    }

    /// <summary>Whether any role the app holds at the scope or a scope above it grants the action (RBAC inheritance).</summary>
    public bool IsAuthorized(string clientId, string scope, string action)
    {
        lock (gate)
        {
            return assignments.Any(a =>
                string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase)
                && (string.Equals(scope, a.Scope, StringComparison.OrdinalIgnoreCase) || scope.StartsWith(a.Scope + "/", StringComparison.OrdinalIgnoreCase))
                && StorageRoles.Grants(a.RoleName, action));
        }
    }

    private static bool Same(StoredRoleAssignment a, string clientId, string scope, string role) =>
        string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Scope, scope.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.RoleName, role, StringComparison.OrdinalIgnoreCase);

    private static StoredStorageAccount NewAccount(string resourceGroup, string name, DateTimeOffset now) =>
        new(resourceGroup, name, [.. KeyNames.Select(k => NewKey(k, now))]);

    // Azure account keys are 64 random bytes in base64 (88 characters).
    private static StoredAccountKey NewKey(string keyName, DateTimeOffset now) => new(keyName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), now);

    // Caller holds the lock, so the file always reflects a state that existed in memory.
    private void Persist() =>
        file?.Save(new ResourceManagerDocument(SubscriptionId, [.. resourceGroups], [.. accounts.Values], [.. assignments]));
}
