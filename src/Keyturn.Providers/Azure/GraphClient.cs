using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Keyturn.Providers.Azure;

/// <summary>The three Graph application calls rotation makes, over the Azure.Core pipeline (bearer token, retries).</summary>
public sealed class GraphClient
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly HttpPipeline _pipeline;
    private readonly Uri _base;

    public GraphClient(AzureConnectionConfig config, TokenCredential credential, HttpPipelineTransport transport)
    {
        _base = config.GraphBase;
        _pipeline = HttpPipelineBuilder.Build(new GraphClientOptions(transport), new BearerTokenAuthenticationPolicy(credential, config.GraphScope));
    }

    public async Task<GraphOutcome<GraphApplication>> GetApplicationAsync(string objectId, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Get, $"applications/{Uri.EscapeDataString(objectId)}", null, cancellationToken);
        return response.Error is { } error ? error : Deserialize<GraphApplication>(response.Body!);
    }

    public async Task<GraphOutcome<GraphPasswordCredential>> AddPasswordAsync(string objectId, string displayName, DateTimeOffset? endDateTime, CancellationToken cancellationToken)
    {
        var body = new { passwordCredential = new { displayName, endDateTime } };
        var response = await SendAsync(RequestMethod.Post, $"applications/{Uri.EscapeDataString(objectId)}/addPassword", body, cancellationToken);
        return response.Error is { } error ? error : Deserialize<GraphPasswordCredential>(response.Body!);
    }

    public async Task<GraphOutcome<bool>> RemovePasswordAsync(string objectId, Guid keyId, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Post, $"applications/{Uri.EscapeDataString(objectId)}/removePassword", new { keyId }, cancellationToken);
        return response.Error is { } error ? error : true;
    }

    private async Task<(BinaryData? Body, GraphError? Error)> SendAsync(RequestMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
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
            : (null, GraphError.From(response.Status, response.Content, RetryAfter(response)));
    }

    /// <summary>Retry-After in seconds or as an HTTP date (RFC 9110), as Graph and ARM send it on 429 and 503.</summary>
    internal static TimeSpan? RetryAfter(global::Azure.Response response)
    {
        if (!response.Headers.TryGetValue("Retry-After", out var text))
        {
            return null;
        }

        if (int.TryParse(text, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, out var at) && response.Headers.Date is { } now ? at - now : null;
    }

    private static GraphOutcome<T> Deserialize<T>(BinaryData body) =>
        body.ToObjectFromJson<T>(JsonOptions) is { } value ? value : new GraphError(200, "invalid-response", "Graph answered with an empty document");

    /// <summary>GET /users/{id | userPrincipalName}.</summary>
    public async Task<GraphOutcome<GraphUser>> GetUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Get, $"users/{Uri.EscapeDataString(idOrUserPrincipalName)}?$select=id,userPrincipalName,displayName,accountEnabled", null, cancellationToken);
        return response.Error is { } error ? error : Deserialize<GraphUser>(response.Body!);
    }

    /// <summary>
    /// PATCH /users/{id} with a passwordProfile (no forced change at next sign-in: the password is for a workload).
    /// Graph's complexity refusal comes back with a message saying so in Keyturn's words.
    /// </summary>
    public async Task<GraphOutcome<bool>> SetUserPasswordAsync(string userId, string password, CancellationToken cancellationToken)
    {
        var body = new { passwordProfile = new { password, forceChangePasswordNextSignIn = false } };
        var response = await SendAsync(RequestMethod.Patch, $"users/{Uri.EscapeDataString(userId)}", body, cancellationToken);
        if (response.Error is not { } error)
        {
            return true;
        }

        // Graph gives this refusal no code of its own (Request_BadRequest), so its fixed message is what identifies it.
        return error is { Status: 400 } && error.Message.Contains("password complexity", StringComparison.OrdinalIgnoreCase)
            ? error with { Message = $"the password does not meet Entra's complexity rule (8 to 256 characters, three of lowercase, uppercase, digits and symbols): {error.Message}" }
            : error;
    }

    /// <summary>
    /// Removes a password credential of <paramref name="app"/> (as read just before); already gone counts as removed,
    /// including when someone else removes it between the read and the call (read again rather than parse the message).
    /// </summary>
    public async Task<GraphOutcome<bool>> RemovePasswordIfPresentAsync(GraphApplication app, Guid keyId, CancellationToken cancellationToken)
    {
        if (app.PasswordCredentials.All(p => p.KeyId != keyId))
        {
            return true;
        }

        var removed = await RemovePasswordAsync(app.Id, keyId, cancellationToken);
        if (removed.Error is not { } error)
        {
            return true;
        }

        var after = await GetApplicationAsync(app.Id, cancellationToken);
        return after.Value is { } now && now.PasswordCredentials.All(p => p.KeyId != keyId) ? true : error;
    }

    /// <summary>An application by its client id (<c>applications(appId='…')</c>): how a connection finds its own registration.</summary>
    public async Task<GraphOutcome<GraphApplication>> GetApplicationByClientIdAsync(string clientId, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Get, $"applications(appId='{Uri.EscapeDataString(clientId)}')", null, cancellationToken);
        return response.Error is { } error ? error : Deserialize<GraphApplication>(response.Body!);
    }
}

/// <summary>A Graph call's value, or its error.</summary>
public readonly record struct GraphOutcome<T>(T? Value, GraphError? Error)
{
    public static implicit operator GraphOutcome<T>(T value) => new(value, null);

    public static implicit operator GraphOutcome<T>(GraphError error) => new(default, error);
}
