using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;

namespace Keyturn.Providers.AzureStorageAccountKey;

/// <summary>
/// Turns ARM's answers into failures an operator can act on: a missing role names the role and the az command that
/// grants it, a missing resource names subscription, group and account. Only throttling and server faults are transient.
/// </summary>
internal static class ArmFailures
{
    public static ProviderError Describe(string call, ArmError error, StorageAccountRef account, string clientId)
    {
        var message = error.Code switch
        {
            ArmError.AuthorizationFailed when call == "GET" =>
                $"{error} The connection's app {clientId} cannot read {account}; it needs a role with Microsoft.Storage/storageAccounts/read such as Reader: " +
                $"az role assignment create --role \"Reader\" --assignee {clientId} --scope {account.ResourceId}",
            ArmError.AuthorizationFailed =>
                $"{error} The connection's app {clientId} lacks the \"Storage Account Key Operator Service Role\" on {account}: " +
                $"az role assignment create --role \"Storage Account Key Operator Service Role\" --assignee {clientId} --scope {account.ResourceId}",
            ArmError.ResourceNotFound or ArmError.ResourceGroupNotFound or ArmError.SubscriptionNotFound =>
                $"{error} Not found: subscription {account.SubscriptionId}, resource group '{account.ResourceGroup}', account '{account.AccountName}'.",
            _ => $"{call} failed: {error}",
        };
        return new ProviderError(message, error.IsTransient, error.RetryAfter);
    }
}
