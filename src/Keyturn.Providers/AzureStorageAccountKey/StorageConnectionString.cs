namespace Keyturn.Providers.AzureStorageAccountKey;

/// <summary>
/// The standard connection string for an account key: with EndpointSuffix when the blob endpoint is Azure's own
/// https://{account}.blob.{suffix}/ (public and sovereign clouds), otherwise with an explicit BlobEndpoint (emulators,
/// custom domains), which the storage SDKs accept in its place.
/// </summary>
public static class StorageConnectionString
{
    public const string PublicSuffix = "core.windows.net";

    public static string For(string accountName, string accountKey, Uri? blobEndpoint)
    {
        var prefix = $"DefaultEndpointsProtocol=https;AccountName={accountName};AccountKey={accountKey};";
        if (blobEndpoint is null)
        {
            return prefix + $"EndpointSuffix={PublicSuffix}";
        }

        var standardHost = $"{accountName}.blob.";
        var isStandard = blobEndpoint.Scheme == Uri.UriSchemeHttps && blobEndpoint.IsDefaultPort && blobEndpoint.AbsolutePath == "/"
            && blobEndpoint.Host.StartsWith(standardHost, StringComparison.OrdinalIgnoreCase) && blobEndpoint.Host.Length > standardHost.Length;
        return isStandard
            ? prefix + $"EndpointSuffix={blobEndpoint.Host[standardHost.Length..]}"
            : prefix + $"BlobEndpoint={blobEndpoint.AbsoluteUri}";
    }
}
