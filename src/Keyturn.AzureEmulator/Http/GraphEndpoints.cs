using System.Text.RegularExpressions;
using Keyturn.AzureEmulator.Registrations;

namespace Keyturn.AzureEmulator.Http;

/// <summary>Graph v1.0 application reads, addPassword and removePassword, with Graph's auth and error behaviour.</summary>
internal static partial class GraphEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services)
    {
        routes.MapMethods("/v1.0/{**rest}", ["GET", "POST"], (Delegate)((HttpContext context) => HandleAsync(context, services)));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, EmulatorServices services)
    {
        var time = services.Time;
        var (caller, failure) = GraphCaller.Authenticate(context, services);
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return GraphError.Result(context, time, 401, GraphError.InvalidAuthenticationToken, failure ?? "Access token validation failure.");
        }

        var path = GraphPath.Parse(context.Request.Path.Value ?? string.Empty);
        if (path is null)
        {
            var segment = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? string.Empty;
            return GraphError.Result(context, time, 400, "BadRequest", $"Resource not found for the segment '{segment}'.");
        }

        if (!AppRoles.HasAnyApplicationAccess(caller))
        {
            return Denied(context, time);
        }

        var method = context.Request.Method;
        if (path.IsCollection)
        {
            return method == "GET" && path.Action is null ? List(context, services, caller) : MethodNotAllowed(context, time);
        }

        var target = path.ObjectId is not null ? services.Directory.FindByObjectId(path.ObjectId) : services.Directory.FindByClientId(path.AppId!);
        if (target is null)
        {
            return GraphError.Result(context, time, 404, GraphError.ResourceNotFound,
                $"Resource '{path.ObjectId ?? path.AppId}' does not exist or one of its queried reference-property objects are not present.");
        }

        return (method, path.Action) switch
        {
            ("GET", null) => AppRoles.CanRead(caller, target)
                ? Results.Json(GraphApplication.From(target), EmulatorJson.Options)
                : Denied(context, time),
            ("POST", "addPassword") => AppRoles.CanWrite(caller, target)
                ? await AddPasswordAsync(context, services, target)
                : Denied(context, time),
            ("POST", "removePassword") => AppRoles.CanWrite(caller, target)
                ? await RemovePasswordAsync(context, services, target)
                : Denied(context, time),
            _ => MethodNotAllowed(context, time),
        };
    }

    private static IResult List(HttpContext context, EmulatorServices services, StoredApp caller)
    {
        var apps = services.Directory.All().Where(a => AppRoles.CanRead(caller, a));
        var filter = context.Request.Query["$filter"].ToString();
        if (filter.Length > 0)
        {
            var match = AppIdFilter().Match(filter);
            if (!match.Success)
            {
                return GraphError.Result(context, services.Time, 400, GraphError.BadRequest, $"Unsupported or invalid query filter clause specified: '{filter}'.");
            }

            apps = apps.Where(a => string.Equals(a.ClientId, match.Groups["appId"].Value, StringComparison.OrdinalIgnoreCase));
        }

        var root = $"{context.Request.Scheme}://{context.Request.Host}/v1.0/$metadata#applications";
        return Results.Json(new GraphCollection<GraphApplication>(root, [.. apps.Select(GraphApplication.From)]), EmulatorJson.Options);
    }

    private static async Task<IResult> AddPasswordAsync(HttpContext context, EmulatorServices services, StoredApp target)
    {
        var request = context.Request.ContentLength == 0
            ? new AddPasswordRequest(null)
            : await EmulatorJson.TryReadAsync<AddPasswordRequest>(context.Request, context.RequestAborted);
        if (request is null)
        {
            return GraphError.Result(context, services.Time, 400, GraphError.BadRequest, "Invalid request body: expected {\"passwordCredential\": {...}}.");
        }

        var wanted = request.PasswordCredential;
        var outcome = services.Directory.AddPassword(target.ObjectId, wanted?.DisplayName, wanted?.StartDateTime, wanted?.EndDateTime, propagates: true);
        return outcome.Status switch
        {
            AddPasswordStatus.Added => Results.Json(GraphPasswordCredential.From(outcome.Credential!, outcome.SecretText), EmulatorJson.Options),
            AddPasswordStatus.SizeExceeded => GraphError.Result(context, services.Time, 400, GraphError.ResourceSizeExceeded,
                "The size of the object has exceeded its limit. Please reduce the number of values and retry your request."),
            AddPasswordStatus.InvalidDates => GraphError.Result(context, services.Time, 400, GraphError.BadRequest,
                "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'."),
            _ => NotFound(context, services.Time, target.ObjectId),
        };
    }

    private static async Task<IResult> RemovePasswordAsync(HttpContext context, EmulatorServices services, StoredApp target)
    {
        var request = await EmulatorJson.TryReadAsync<RemovePasswordRequest>(context.Request, context.RequestAborted);
        if (request?.KeyId is not { } keyId)
        {
            return GraphError.Result(context, services.Time, 400, GraphError.BadRequest, "Invalid request body: 'keyId' is required.");
        }

        return services.Directory.RemovePassword(target.ObjectId, keyId) switch
        {
            RemovePasswordOutcome.Removed => Results.NoContent(),
            // Observed at Graph as a 400 whose message clients match on to treat "already gone" as success.
            RemovePasswordOutcome.KeyNotFound => GraphError.Result(context, services.Time, 400, GraphError.BadRequest,
                $"No password credential found with keyId {keyId}."),
            _ => NotFound(context, services.Time, target.ObjectId),
        };
    }

    private static IResult Denied(HttpContext context, TimeProvider time) =>
        GraphError.Result(context, time, 403, GraphError.AuthorizationRequestDenied, GraphError.InsufficientPrivileges);

    private static IResult NotFound(HttpContext context, TimeProvider time, string id) =>
        GraphError.Result(context, time, 404, GraphError.ResourceNotFound,
            $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private static IResult MethodNotAllowed(HttpContext context, TimeProvider time) =>
        GraphError.Result(context, time, 405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");

    [GeneratedRegex(@"^\s*appId\s+eq\s+'(?<appId>[^']+)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AppIdFilter();
}
