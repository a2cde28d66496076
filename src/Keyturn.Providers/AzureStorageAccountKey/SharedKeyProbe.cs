using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;

namespace Keyturn.Providers.AzureStorageAccountKey;

/// <summary>
/// Proves an account key on the data plane: Get Blob Service Properties, signed with Shared Key by the real
/// Azure.Storage.Blobs SDK, through the shared transport (so an emulator's CA is trusted the same way).
/// </summary>
internal sealed class SharedKeyProbe(AzureHttpTransport transport)
{
    public async Task<ProviderResult<Verification>> CheckAsync(Uri blobEndpoint, string accountName, string accountKey, CancellationToken cancellationToken)
    {
        // The engine retries transient refusals through its verify window; the SDK only smooths single faults.
        var options = new BlobClientOptions { Transport = transport.Transport, Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(200) } };
        options.Diagnostics.IsLoggingEnabled = false;
        var client = new BlobServiceClient(blobEndpoint, new StorageSharedKeyCredential(accountName, accountKey), options);
        try
        {
            await client.GetPropertiesAsync(cancellationToken);
            return ProviderResult<Verification>.Ok(Verification.Proven);
        }
        catch (RequestFailedException e)
        {
            // A just-regenerated key is refused with AuthenticationFailed until it has propagated, exactly like a wrong
            // one: only time tells them apart. The SDK's message carries the server's string-to-sign, so only status and code are kept.
            var transient = e.Status is 0 or 403 or 408 or 429 or >= 500;
            var what = e.Status == 0 ? $"could not be reached ({e.InnerException?.Message ?? e.Message})" : $"answered {e.Status} {e.ErrorCode}";
            return ProviderResult<Verification>.Fail($"A Shared Key request to {blobEndpoint} with the key {what}.", transient);
        }
        catch (AggregateException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult<Verification>.Fail($"The blob endpoint {blobEndpoint} could not be reached: {e.InnerExceptions.LastOrDefault()?.Message}", transient: true);
        }
    }
}
