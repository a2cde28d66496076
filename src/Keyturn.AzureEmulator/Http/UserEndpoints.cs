using Keyturn.AzureEmulator.Registrations;
using Keyturn.AzureEmulator.Users;

namespace Keyturn.AzureEmulator.Http;

/// <summary>
/// Graph v1.0 users: GET /users/{id | userPrincipalName} and PATCH /users/{id} with a passwordProfile, with Graph's
/// auth (same token checks as applications), permission and privileged-user rules, and its error shapes.
/// </summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services)
    {
        // More specific than the applications' catch-all, so routing sends /v1.0/users/... here.
        routes.MapMethods("/v1.0/users/{idOrUpn}", ["GET", "PATCH"], (Delegate)((HttpContext context, string idOrUpn) => HandleAsync(context, idOrUpn, services)));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string idOrUpn, EmulatorServices services)
    {
        var time = services.Time;
        var (caller, failure) = GraphCaller.Authenticate(context, services);
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return GraphError.Result(context, time, 401, GraphError.InvalidAuthenticationToken, failure ?? "Access token validation failure.");
        }

        // A caller with no user permission at all learns nothing, not even whether the user exists.
        var patch = context.Request.Method == "PATCH";
        if (!UserAccess.CanRead(caller) && !(patch && UserAccess.CanWritePassword(caller)))
        {
            return Denied(context, time);
        }

        var id = Uri.UnescapeDataString(idOrUpn);
        var user = services.Directory.FindUser(id);
        if (user is null)
        {
            return GraphError.Result(context, time, 404, GraphError.ResourceNotFound,
                $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
        }

        if (!patch)
        {
            return Results.Json(GraphUser.From(user, $"{context.Request.Scheme}://{context.Request.Host}/"), EmulatorJson.Options);
        }

        var request = await EmulatorJson.TryReadAsync<UpdateUserRequest>(context.Request, context.RequestAborted);
        if (request?.PasswordProfile?.Password is not { } password || request.Other is { Count: > 0 })
        {
            return GraphError.Result(context, time, 400, GraphError.BadRequest,
                "Invalid request body: the emulator supports only {\"passwordProfile\": {\"password\", \"forceChangePasswordNextSignIn\"}}.");
        }

        // Permission first, then the role that may reset this particular user: Graph answers both with the same 403.
        if (!UserAccess.CanWritePassword(caller) || !DirectoryRoles.MayResetPassword(caller, user))
        {
            return Denied(context, time);
        }

        return services.Directory.ResetPassword(user.ObjectId, password, propagates: true) switch
        {
            PasswordResetOutcome.Reset => Results.NoContent(),
            PasswordResetOutcome.ComplexityNotMet => GraphError.Result(context, time, 400, GraphError.BadRequest, PasswordComplexity.RefusedMessage),
            _ => GraphError.Result(context, time, 404, GraphError.ResourceNotFound,
                $"Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
        };
    }

    private static IResult Denied(HttpContext context, TimeProvider time) =>
        GraphError.Result(context, time, 403, GraphError.AuthorizationRequestDenied, GraphError.InsufficientPrivileges);
}
