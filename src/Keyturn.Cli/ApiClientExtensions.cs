namespace Keyturn.Cli;

/// <summary>The calls commands make: success or an <see cref="ApiException"/>.</summary>
internal static class ApiClientExtensions
{
    public static async Task<ApiResponse> GetAsync(this ApiClient api, string path, CancellationToken ct) =>
        (await api.SendAsync(HttpMethod.Get, path, null, ct)).EnsureSuccess();

    public static async Task<ApiResponse> DeleteAsync(this ApiClient api, string path, CancellationToken ct) =>
        (await api.SendAsync(HttpMethod.Delete, path, null, ct)).EnsureSuccess();

    public static async Task<ApiResponse> PostAsync(this ApiClient api, string path, object? body, CancellationToken ct) =>
        (await api.SendAsync(HttpMethod.Post, path, body is null ? null : ApiJson.Serialize(body), ct)).EnsureSuccess();

    public static async Task<ApiResponse> PatchAsync(this ApiClient api, string path, object body, CancellationToken ct) =>
        (await api.SendAsync(HttpMethod.Patch, path, ApiJson.Serialize(body), ct)).EnsureSuccess();
}
