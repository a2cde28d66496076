namespace Keyturn.Cli;

/// <summary>Reads every secret of one folder as (key, value) pairs, for <c>keyturn run</c> and <c>keyturn export</c>.</summary>
internal static class FolderSecrets
{
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ReadAsync(ApiCall call, SecretCommands.Location location, CancellationToken ct)
    {
        var response = (await call.Api.GetAsync(location.Query(call.Parse, "api/v3/secrets/raw"), ct)).EnsureSuccess();
        return [.. JsonText.Items(response.Json, "secrets")
            .Select(s => new KeyValuePair<string, string>(JsonText.Of(s, "secretKey"), JsonText.Of(s, "secretValue")))
            .OrderBy(s => s.Key, StringComparer.Ordinal)];
    }
}
