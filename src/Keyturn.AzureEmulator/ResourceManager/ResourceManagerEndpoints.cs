using Keyturn.AzureEmulator.Http;

namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>
/// ARM's storage account routes: GET the account, listKeys, regenerateKey. Checks in ARM's order as far as a client
/// can tell: api-version, token, subscription, role assignment for the action at the account's scope, then whether
/// the group and account exist (so a caller without rights learns nothing about what exists).
/// </summary>
internal static class ResourceManagerEndpoints
{
    private const string AccountRoute = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Storage/storageAccounts/{accountName}";

    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services, StorageAccountStore store)
    {
        routes.MapGet(AccountRoute, (HttpContext context, string subscriptionId, string resourceGroup, string accountName) =>
            Handle(context, services, store, new AccountPath(subscriptionId, resourceGroup, accountName), StorageRoles.ReadAction,
                account => Results.Json(Document(context, store, account), EmulatorJson.Options)));

        routes.MapPost(AccountRoute + "/listKeys", (HttpContext context, string subscriptionId, string resourceGroup, string accountName) =>
            Handle(context, services, store, new AccountPath(subscriptionId, resourceGroup, accountName), StorageRoles.ListKeysAction,
                account => Results.Json(Keys(account, IncludeKerb(context)), EmulatorJson.Options)));

        routes.MapPost(AccountRoute + "/regenerateKey", async (HttpContext context, string subscriptionId, string resourceGroup, string accountName) =>
        {
            var request = await EmulatorJson.TryReadAsync<ArmRegenerateKeyRequest>(context.Request, context.RequestAborted);
            return Handle(context, services, store, new AccountPath(subscriptionId, resourceGroup, accountName), StorageRoles.RegenerateKeyAction, account =>
            {
                var keyName = StorageAccountStore.KeyNames.FirstOrDefault(k => string.Equals(k, request?.KeyName, StringComparison.OrdinalIgnoreCase));
                if (keyName is null)
                {
                    return ArmError.Result(context, 400, "InvalidValuesForRequestParameters",
                        $"Values for request parameters are invalid: keyName. The key name '{request?.KeyName}' is not valid; use key1, key2, kerb1 or kerb2.");
                }

                var updated = store.Regenerate(account.ResourceGroup, account.Name, keyName)!;
                return Results.Json(Keys(updated, keyName.StartsWith("kerb", StringComparison.Ordinal)), EmulatorJson.Options);
            });
        });
    }

    private static IResult Handle(
        HttpContext context, EmulatorServices services, StorageAccountStore store, AccountPath path, string action, Func<StoredStorageAccount, IResult> found)
    {
        if (string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            return ArmError.Result(context, 400, ArmError.MissingApiVersionParameter, "The api-version query parameter (?api-version=) is required for all requests.");
        }

        var (caller, code, message) = ArmCaller.Authenticate(context, services);
        if (caller is null)
        {
            return ArmError.Result(context, 401, code!, message!);
        }

        if (!string.Equals(path.SubscriptionId, store.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            return ArmError.Result(context, 404, ArmError.SubscriptionNotFound, $"The subscription '{path.SubscriptionId}' could not be found.");
        }

        var scope = StorageAccountStore.AccountId(store.SubscriptionId, path.ResourceGroup, path.AccountName);
        if (!store.IsAuthorized(caller.AppId, scope, action))
        {
            return ArmError.Result(context, 403, ArmError.AuthorizationFailed,
                $"The client '{caller.AppId}' with object id '{caller.ObjectId}' does not have authorization to perform action '{action}' over scope '{scope}' " +
                "or the scope is invalid. If access was recently granted, please refresh your credentials.");
        }

        if (!store.HasResourceGroup(path.ResourceGroup))
        {
            return ArmError.Result(context, 404, ArmError.ResourceGroupNotFound, $"Resource group '{path.ResourceGroup}' could not be found.");
        }

        return store.Find(path.ResourceGroup, path.AccountName) is { } account
            ? found(account)
            : ArmError.Result(context, 404, ArmError.ResourceNotFound,
                $"The Resource 'Microsoft.Storage/storageAccounts/{path.AccountName}' under resource group '{path.ResourceGroup}' was not found. " +
                "For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    // ARM lists Kerberos keys only when asked with $expand=kerb.
    private static bool IncludeKerb(HttpContext context) => string.Equals(context.Request.Query["$expand"], "kerb", StringComparison.OrdinalIgnoreCase);

    private static ArmKeyList Keys(StoredStorageAccount account, bool includeKerb) =>
        new([.. account.Keys.Where(k => includeKerb || !k.KeyName.StartsWith("kerb", StringComparison.Ordinal))
            .Select(k => new ArmKey(k.KeyName, k.Value, "FULL", k.CreationTime))]);

    private static ArmStorageAccount Document(HttpContext context, StorageAccountStore store, StoredStorageAccount account) =>
        new(store.AccountId(account), account.Name, "Microsoft.Storage/storageAccounts", "westeurope", "StorageV2",
            new ArmStorageAccountProperties("Succeeded", new ArmEndpoints(BlobEndpoint(context, account.Name))));

    /// <summary>Path-style, like Azurite: the SDK treats an IP host as path-style and reads the account from the first segment.</summary>
    public static string BlobEndpoint(HttpContext context, string accountName) => $"{context.Request.Scheme}://{context.Request.Host}/{accountName}/";

    private sealed record AccountPath(string SubscriptionId, string ResourceGroup, string AccountName);
}
