using System.Net;

namespace Keyturn.AzureEmulator.Http;

/// <summary>
/// <see cref="EmulatorControl"/> over HTTP under /_emulator/, for out-of-process tests. No authentication:
/// the server listens on 127.0.0.1 only, and these routes also refuse any non-loopback peer.
/// </summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/_emulator";

    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services, EmulatorControl control)
    {
        var group = routes.MapGroup(Prefix).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } peer && IPAddress.IsLoopback(peer)
                ? await next(context)
                : Results.StatusCode(403));

        group.MapGet("/info", (HttpContext context) => Results.Json(Info(context, services), EmulatorJson.Options));

        group.MapPost("/applications", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<CreateApplicationRequest>(context.Request, context.RequestAborted);
            if (request?.DisplayName is not { Length: > 0 } name)
            {
                return Results.BadRequest(new { error = "displayName is required" });
            }

            var app = control.CreateApplication(name, request.AppRoles ?? [], request.OwnerObjectIds ?? [], request.WithInitialSecret);
            return Results.Json(app, EmulatorJson.Options, statusCode: 201);
        });

        group.MapPost("/applications/{objectId}/owners/{ownerObjectId}", (string objectId, string ownerObjectId) =>
            services.Directory.AddOwner(objectId, ownerObjectId) ? Results.NoContent() : Results.NotFound());

        group.MapGet("/applications/{objectId}/passwords", (string objectId) =>
            services.Directory.FindByObjectId(objectId) is null
                ? Results.NotFound()
                : Results.Json(control.ListPasswords(objectId), EmulatorJson.Options));

        group.MapPost("/applications/{objectId}/passwords", async (HttpContext context, string objectId) =>
        {
            var request = await EmulatorJson.TryReadAsync<ControlAddPasswordRequest>(context.Request, context.RequestAborted);
            try
            {
                var (keyId, secret) = control.AddPasswordWithKey(objectId, request?.DisplayName ?? "manual", request?.EndDateTime);
                return Results.Json(new ControlAddPasswordResponse(keyId, secret), EmulatorJson.Options);
            }
            catch (KeyNotFoundException)
            {
                return Results.NotFound();
            }
            catch (InvalidOperationException e)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        });

        group.MapDelete("/applications/{objectId}/passwords/{keyId:guid}", (string objectId, Guid keyId) =>
            control.RemovePassword(objectId, keyId) ? Results.NoContent() : Results.NotFound());

        group.MapPost("/authenticates", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<AuthenticatesRequest>(context.Request, context.RequestAborted);
            return request is { ClientId: { } clientId, Secret: { } secret }
                ? Results.Json(new { authenticates = control.Authenticates(clientId, secret) }, EmulatorJson.Options)
                : Results.BadRequest(new { error = "clientId and secret are required" });
        });

        group.MapPut("/propagation-delay", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<PropagationDelayRequest>(context.Request, context.RequestAborted);
            if (request is null || request.Seconds < 0 || double.IsNaN(request.Seconds))
            {
                return Results.BadRequest(new { error = "seconds must be a number >= 0" });
            }

            control.PropagationDelay = TimeSpan.FromSeconds(request.Seconds);
            return Results.NoContent();
        });

        group.MapPost("/faults", async (HttpContext context) =>
        {
            var rule = await EmulatorJson.TryReadAsync<FaultRule>(context.Request, context.RequestAborted);
            if (rule is null)
            {
                return Results.BadRequest(new { error = "body must be a FaultRule" });
            }

            try
            {
                control.InjectFault(rule);
                return Results.NoContent();
            }
            catch (ArgumentException e)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        });

        group.MapDelete("/faults", () =>
        {
            control.ClearFaults();
            return Results.NoContent();
        });

        UserControlEndpoints.Map(group, services, control);

        group.MapGet("/requests", (string? method, string? pathContains) =>
            Results.Json(new { count = services.Requests.Count(method, pathContains), maxInFlight = services.Requests.MaxInFlight(method, [pathContains ?? ""]) }, EmulatorJson.Options));
    }

    private static EmulatorInfo Info(HttpContext context, EmulatorServices services)
    {
        var root = $"{context.Request.Scheme}://{context.Request.Host}/";
        var directory = services.Directory;
        var admin = directory.FindByObjectId(directory.AdminObjectId)!.ToEmulatedApp();
        var apps = directory.All().Select(a => a.ToEmulatedApp() with { InitialSecret = null }).ToList();
        return new EmulatorInfo(directory.TenantId, root, root, services.CaCertificatePath, admin, apps);
    }
}
