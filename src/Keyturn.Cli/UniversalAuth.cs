using System.Text.Json.Serialization;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/auth/universal-auth/login</c>.</summary>
internal sealed record UniversalAuthLoginRequest(
    [property: JsonPropertyName("clientId")] string ClientId, [property: JsonPropertyName("clientSecret")] string ClientSecret)
{
    public override string ToString() => $"UniversalAuthLoginRequest {{ ClientId = {ClientId} }}";
}

/// <summary>Body of <c>POST /api/v1/auth/token/renew</c>.</summary>
internal sealed record TokenRenewRequest([property: JsonPropertyName("accessToken")] string AccessToken)
{
    public override string ToString() => "TokenRenewRequest";
}

/// <summary>Logs in with universal auth, renews a stored token, and decides when a stored token is due for renewal.</summary>
internal static class UniversalAuth
{
    /// <summary>
    /// Renew when a tenth of the token's life (at least a minute) is left, so a command started just before expiry does
    /// not fail halfway through.
    /// </summary>
    public static bool NeedsRefresh(StoredLogin login, DateTimeOffset now) =>
        now >= login.ExpiresAt - TimeSpan.FromSeconds(Math.Max(60, login.TtlSeconds / 10));

    /// <summary>
    /// Renews the stored token (<c>POST /api/v1/auth/token/renew</c>), so no client secret crosses the network; logs in
    /// again with the stored client secret when the server refuses (revoked, expired) or the token is at its max TTL.
    /// </summary>
    public static async Task<StoredLogin> RenewOrLoginAsync(StoredLogin login, HttpMessageHandler? handler, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(login);
        if (time.GetUtcNow() < login.ExpiresAt)
        {
            using var api = new ApiClient(new ServerSettings(login.Address, ""), handler);
            var response = await api.SendAsync(HttpMethod.Post, "api/v1/auth/token/renew", ApiJson.Serialize(new TokenRenewRequest(login.AccessToken)), ct);
            if (response.IsSuccess && response.Json["expiresIn"]?.GetValue<int>() is { } left)
            {
                var renewed = login with { ExpiresAt = time.GetUtcNow().AddSeconds(left) };
                if (!NeedsRefresh(renewed, time.GetUtcNow()))
                {
                    return renewed;
                }
            }
            else if (response.Status is not (System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.NotFound))
            {
                // 401: revoked or past its max TTL; 404: a server from before renew. Both mean "log in again"; anything else is reported.
                response.EnsureSuccess();
            }
        }

        return await LoginAsync(login.Address, login.ClientId, login.ClientSecret, handler, time, ct);
    }

    public static async Task<StoredLogin> LoginAsync(
        Uri address, string clientId, string clientSecret, HttpMessageHandler? handler, TimeProvider time, CancellationToken ct)
    {
        using var api = new ApiClient(new ServerSettings(address, ""), handler);
        var response = (await api.SendAsync(HttpMethod.Post, "api/v1/auth/universal-auth/login",
            ApiJson.Serialize(new UniversalAuthLoginRequest(clientId, clientSecret)), ct)).EnsureSuccess();
        var json = response.Json;
        if (json["accessToken"]?.GetValue<string>() is not { Length: > 0 } token || json["expiresIn"]?.GetValue<int>() is not { } ttl)
        {
            throw new System.Text.Json.JsonException("the login answer has no accessToken and expiresIn");
        }

        return new StoredLogin(address, clientId, clientSecret, token, time.GetUtcNow().AddSeconds(ttl), ttl);
    }
}
