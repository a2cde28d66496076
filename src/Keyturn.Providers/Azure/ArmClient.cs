using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Keyturn.Providers.Azure;

/// <summary>
/// The three storage account calls rotation makes, as ARM REST over the Azure.Core pipeline (bearer token for ARM's
/// audience, retries); the Azure.ResourceManager.Storage package is not available here (docs/DEPENDENCIES).
/// </summary>
public sealed class ArmClient
{
    public const string ApiVersion = "2023-05-01";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly HttpPipeline _pipeline;
    private readonly Uri _base;

    public ArmClient(AzureConnectionConfig config, TokenCredential credential, HttpPipelineTransport transport)
    {
        _base = new Uri(config.ResourceManagerEndpoint.AbsoluteUri.TrimEnd('/') + "/");
        _pipeline = HttpPipelineBuilder.Build(new ArmClientOptions(transport), new BearerTokenAuthenticationPolicy(credential, config.ResourceManagerScope));
    }

    public async Task<ArmOutcome<StorageAccountInfo>> GetStorageAccountAsync(StorageAccountRef account, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Get, account, null, null, null, cancellationToken);
        if (response.Error is { } error)
        {
            return error;
        }

        var document = response.Body!.ToObjectFromJson<AccountDocument>(JsonOptions);
        return document?.Id is null
            ? new ArmError(200, "invalid-response", "ARM answered without the account's id")
            : new StorageAccountInfo(document.Id, document.Name ?? account.AccountName, Uri.TryCreate(document.Properties?.PrimaryEndpoints?.Blob, UriKind.Absolute, out var blob) ? blob : null);
    }

    /// <summary>key1 and key2; with <paramref name="includeKerb"/> also kerb1 and kerb2 (ARM lists those only with $expand=kerb).</summary>
    public async Task<ArmOutcome<IReadOnlyList<StorageAccountKey>>> ListKeysAsync(StorageAccountRef account, bool includeKerb, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Post, account, "/listKeys", includeKerb ? "&$expand=kerb" : null, null, cancellationToken);
        return response.Error is { } error ? error : Keys(response.Body!);
    }

    public async Task<ArmOutcome<IReadOnlyList<StorageAccountKey>>> RegenerateKeyAsync(StorageAccountRef account, string keyName, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Post, account, "/regenerateKey", null, new { keyName }, cancellationToken);
        return response.Error is { } error ? error : Keys(response.Body!);
    }

    private async Task<(BinaryData? Body, ArmError? Error)> SendAsync(
        RequestMethod method, StorageAccountRef account, string? action, string? query, object? body, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        var path = $"subscriptions/{Uri.EscapeDataString(account.SubscriptionId)}/resourceGroups/{Uri.EscapeDataString(account.ResourceGroup)}" +
            $"/providers/Microsoft.Storage/storageAccounts/{Uri.EscapeDataString(account.AccountName)}{action}?api-version={ApiVersion}{query}";
        message.Request.Uri.Reset(new Uri(_base, path));
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, JsonOptions));
        }

        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        return response.Status is >= 200 and < 300
            ? (response.Content, null)
            : (null, ArmError.From(response.Status, response.Content, GraphClient.RetryAfter(response)));
    }

    private static ArmOutcome<IReadOnlyList<StorageAccountKey>> Keys(BinaryData body)
    {
        var list = body.ToObjectFromJson<KeyList>(JsonOptions);
        if (list?.Keys is null)
        {
            return new ArmError(200, "invalid-response", "ARM answered without a keys list");
        }

        return list.Keys.Where(k => k.KeyName is not null && k.Value is not null).Select(k => new StorageAccountKey(k.KeyName!, k.Value!)).ToList();
    }

    private sealed record AccountDocument(string? Id, string? Name, AccountProperties? Properties);

    private sealed record AccountProperties(Endpoints? PrimaryEndpoints);

    private sealed record Endpoints(string? Blob);

    private sealed record KeyList(IReadOnlyList<KeyEntry>? Keys);

    private sealed record KeyEntry(string? KeyName, string? Value);
}
