using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>
/// Finds app connections without <c>--app</c>. The routes are per app, and the apps are the <c>connection</c> of the
/// types the options route lists, so a new connection app is found without a CLI change.
/// </summary>
internal static class ConnectionLocator
{
    public const string BasePath = "api/v1/app-connections";

    public static string PathOf(string app) => $"{BasePath}/{ApiPath.Segment(app)}";

    public static string PathOf(string app, string id) => $"{PathOf(app)}/{ApiPath.Segment(id)}";

    public static Option<string?> AppOption(string whenLeftOut = "found from the id") => new("--app")
    {
        Description = $"App connection family, e.g. azure, local, postgres, mysql [default: {whenLeftOut}]",
    };

    /// <summary>The path of connection <c>ID</c>: under <c>--app</c> when given, else under the app that knows the id.</summary>
    public static async Task<string> PathOfAsync(ApiCall call, Option<string?> app, Argument<string> id, CancellationToken ct)
    {
        var connectionId = call.Parse.GetRequiredValue(id);
        var family = call.Parse.GetValue(app) ?? await FindAppAsync(call.Api, connectionId, ct);
        return PathOf(family, connectionId);
    }

    /// <summary>The connection apps the server's rotation types use, in the order it lists them.</summary>
    public static async Task<IReadOnlyList<string>> AppsAsync(ApiClient api, CancellationToken ct) =>
    [
        .. RotationTypeOption.ListFrom((await api.GetAsync(RotationTypeOption.OptionsPath, ct)).Json)
            .Select(t => t.Connection).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal),
    ];

    /// <summary>Every app's connections in one <c>{"appConnections": [...]}</c> answer, as one app's list looks.</summary>
    public static async Task<ApiResponse> ListAllAsync(ApiClient api, CancellationToken ct)
    {
        var all = new JsonArray();
        foreach (var app in await AppsAsync(api, ct))
        {
            foreach (var connection in JsonText.Items((await api.GetAsync(PathOf(app), ct)).Json, "appConnections"))
            {
                all.Add(connection.DeepClone());
            }
        }

        return new ApiResponse(HttpStatusCode.OK, "OK", new JsonObject { ["appConnections"] = all }.ToJsonString());
    }

    /// <summary>The app of connection <paramref name="id"/>: the first app whose GET knows it.</summary>
    public static async Task<string> FindAppAsync(ApiClient api, string id, CancellationToken ct) => (await FindAsync(api, id, ct)).App;

    /// <summary>Connection <paramref name="id"/> (the GET answer) and its app.</summary>
    public static async Task<(string App, ApiResponse Response)> FindAsync(ApiClient api, string id, CancellationToken ct)
    {
        var apps = await AppsAsync(api, ct);
        foreach (var app in apps)
        {
            var response = await api.SendAsync(HttpMethod.Get, PathOf(app, id), null, ct);
            if (response.IsSuccess)
            {
                return (app, response);
            }

            // Any other error (401, 5xx) is the answer, not a reason to keep looking.
            if ((int)response.Status != 404)
            {
                response.EnsureSuccess();
            }
        }

        throw new ApiException(new ApiProblem(
            404, "App connection not found", $"No app connection with id '{id}' among the apps {string.Join(", ", apps)}.", []));
    }
}
