namespace Keyturn.Providers.Azure;

/// <summary>The storage account fields rotation reads: its resource id and the blob endpoint (properties.primaryEndpoints.blob).</summary>
public sealed record StorageAccountInfo(string Id, string Name, Uri? BlobEndpoint);

/// <summary>One entry of listKeys / regenerateKey: key1, key2, kerb1 or kerb2 with its base64 value.</summary>
public sealed record StorageAccountKey(string KeyName, string Value);

/// <summary>Which storage account: the three parts of its resource id.</summary>
public sealed record StorageAccountRef(string SubscriptionId, string ResourceGroup, string AccountName)
{
    public string ResourceId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Storage/storageAccounts/{AccountName}";

    public override string ToString() => $"storage account '{AccountName}' in resource group '{ResourceGroup}' of subscription {SubscriptionId}";
}
