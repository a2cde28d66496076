namespace Keyturn.AzureEmulator;

/// <summary>A storage account in the emulated subscription.</summary>
/// <param name="ResourceId">/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/{name}: the scope of its role assignments.</param>
/// <param name="BlobEndpoint">The path-style blob endpoint ARM reports as primaryEndpoints.blob, e.g. https://127.0.0.1:PORT/keyturnstore/.</param>
public sealed record EmulatedStorageAccount(string SubscriptionId, string ResourceGroup, string Name, string ResourceId, Uri BlobEndpoint);
