namespace Keyturn.AzureEmulator.Http;

/// <summary>The users part of /_emulator/ (see <see cref="EmulatorControl"/>): seeds, new users and public clients, sign-in checks, password propagation.</summary>
internal static class UserControlEndpoints
{
    public static void Map(RouteGroupBuilder group, EmulatorServices services, EmulatorControl control)
    {
        group.MapGet("/users", () =>
        {
            var directory = services.Directory;
            return Results.Json(new UserSeedsInfo(
                directory.FindByObjectId(directory.PublicClientObjectId)!.ToEmulatedApp(),
                directory.FindUser(directory.NormalUserObjectId)!.ToEmulatedUser(),
                directory.FindUser(directory.PrivilegedUserObjectId)!.ToEmulatedUser()), EmulatorJson.Options);
        });

        group.MapPost("/users", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<CreateUserRequest>(context.Request, context.RequestAborted);
            if (request?.Name is not { Length: > 0 } name)
            {
                return Results.BadRequest(new { error = "name is required" });
            }

            try
            {
                return Results.Json(control.CreateUser(name, request.Privileged), EmulatorJson.Options, statusCode: 201);
            }
            catch (InvalidOperationException e)
            {
                return Results.Conflict(new { error = e.Message });
            }
        });

        group.MapPost("/public-clients", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<CreateApplicationRequest>(context.Request, context.RequestAborted);
            return request?.DisplayName is { Length: > 0 } name
                ? Results.Json(control.CreatePublicClient(name), EmulatorJson.Options, statusCode: 201)
                : Results.BadRequest(new { error = "displayName is required" });
        });

        group.MapPost("/signs-in", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<SignsInRequest>(context.Request, context.RequestAborted);
            return request is { Username: { } username, Password: { } password }
                ? Results.Json(new { signsIn = control.SignsIn(username, password) }, EmulatorJson.Options)
                : Results.BadRequest(new { error = "username and password are required" });
        });

        group.MapPost("/users/{idOrUpn}/has-password", async (HttpContext context, string idOrUpn) =>
        {
            var request = await EmulatorJson.TryReadAsync<SignsInRequest>(context.Request, context.RequestAborted);
            return request?.Password is { } password
                ? Results.Json(new { hasPassword = control.HasPassword(idOrUpn, password) }, EmulatorJson.Options)
                : Results.BadRequest(new { error = "password is required" });
        });

        group.MapPut("/password-propagation-delay", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<PropagationDelayRequest>(context.Request, context.RequestAborted);
            if (request is null || request.Seconds < 0 || double.IsNaN(request.Seconds))
            {
                return Results.BadRequest(new { error = "seconds must be a number >= 0" });
            }

            control.PasswordPropagationDelay = TimeSpan.FromSeconds(request.Seconds);
            return Results.NoContent();
        });
    }
}

internal sealed record CreateUserRequest(string? Name, bool Privileged);

internal sealed record SignsInRequest(string? Username, string? Password);

/// <summary>What GET /_emulator/users returns: the seeded public client and users, with their initial passwords.</summary>
internal sealed record UserSeedsInfo(EmulatedApp PublicClient, EmulatedUser NormalUser, EmulatedUser PrivilegedUser);
