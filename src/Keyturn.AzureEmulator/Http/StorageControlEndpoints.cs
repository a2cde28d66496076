using Keyturn.AzureEmulator.ResourceManager;

namespace Keyturn.AzureEmulator.Http;

internal sealed record CreateStorageAccountRequest(string? ResourceGroup, string? Name);

internal sealed record RoleAssignmentRequest(string? ClientId, string? Scope, string? Role);

/// <summary>The storage half of <see cref="EmulatorControl"/> over HTTP, under the same loopback-only /_emulator/ group.</summary>
internal static class StorageControlEndpoints
{
    public static void Map(RouteGroupBuilder group, EmulatorControl control)
    {
        group.MapPost("/storage-accounts", async (HttpContext context) =>
        {
            var request = await EmulatorJson.TryReadAsync<CreateStorageAccountRequest>(context.Request, context.RequestAborted);
            if (request is not { ResourceGroup.Length: > 0, Name.Length: > 0 })
            {
                return Results.BadRequest(new { error = "resourceGroup and name are required" });
            }

            try
            {
                return Results.Json(control.CreateStorageAccount(request.ResourceGroup, request.Name), EmulatorJson.Options, statusCode: 201);
            }
            catch (InvalidOperationException e)
            {
                return Results.Conflict(new { error = e.Message });
            }
        });

        group.MapGet("/storage-accounts/{resourceGroup}/{name}/keys", (string resourceGroup, string name) =>
        {
            try
            {
                return Results.Json(control.StorageKeys(resourceGroup, name), EmulatorJson.Options);
            }
            catch (KeyNotFoundException)
            {
                return Results.NotFound();
            }
        });

        // Handlers are typed Func<HttpContext, Task<IResult>>: an async lambda taking only HttpContext would otherwise bind
        // as a RequestDelegate, whose result is discarded (every answer a bare 200).
        Func<HttpContext, Task<IResult>> grant = context => AssignAsync(context, (clientId, scope, role) =>
        {
            control.GrantRole(clientId, scope, role);
            return Results.NoContent();
        });
        group.MapPut("/role-assignments", grant);

        // DELETE with a body: the scope is a path of its own, which a query or route segment would need escaping for.
        Func<HttpContext, Task<IResult>> revoke = context => AssignAsync(context, (clientId, scope, role) =>
            control.RevokeRole(clientId, scope, role) ? Results.NoContent() : Results.NotFound());
        group.MapDelete("/role-assignments", revoke);
    }

    private static async Task<IResult> AssignAsync(HttpContext context, Func<string, string, string, IResult> apply)
    {
        var request = await EmulatorJson.TryReadAsync<RoleAssignmentRequest>(context.Request, context.RequestAborted);
        if (request is not { ClientId.Length: > 0, Scope.Length: > 0 })
        {
            return Results.BadRequest(new { error = "clientId and scope are required" });
        }

        var role = StorageRoles.Canonical(request.Role ?? StorageRoles.KeyOperator);
        return role is null
            ? Results.BadRequest(new { error = $"role must be one of: {string.Join(", ", StorageRoles.All)}" })
            : apply(request.ClientId, request.Scope, role);
    }
}
