using System.Text.Json.Nodes;
using Keyturn.Core.Access;
using static Keyturn.Server.Tests.Access.MatrixResources;

namespace Keyturn.Server.Tests.Access;

/// <summary>One request of the matrix: what a caller permitted to do it would send.</summary>
public sealed record MatrixRequest(HttpMethod Method, string Path, object? Body = null);

/// <summary>
/// How to send a request to one route: the targets it is tried on (its scope) and a builder that, given a target and
/// whether to name a resource that does not exist, makes what the request needs with the root token and returns the
/// request. Fresh resources are made for requests that consume what they name (deletes, creates that must be unique).
/// <see cref="Listed"/>, for lists, reads the scope of each item an answer lists, so the matrix can check that a
/// principal is shown only what it may see.
/// </summary>
public sealed record MatrixRoute(MatrixTarget[] Targets, Func<PermissionMatrixFixture, MatrixTarget, bool, Task<MatrixRequest>> Build)
{
    public Func<JsonNode, IEnumerable<ListedItem>>? Listed { get; init; }
}

/// <summary>The scope of one item of a list answer, and the permission needed to see it.</summary>
public sealed record ListedItem(string Id, Permission Permission, Guid ProjectId, string? Environment, string? SecretPath);

/// <summary>
/// Every /api route the matrix knows, keyed as RouteDeclarations keys them. A route in the live table that is missing
/// here fails <see cref="PermissionMatrixTests.EveryLiveRoute_IsInTheMatrix"/>, so a new route must join the matrix.
/// </summary>
public static class MatrixRequests
{
    private static readonly HttpMethod Get = HttpMethod.Get;
    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Patch = HttpMethod.Patch;
    private static readonly HttpMethod Delete = HttpMethod.Delete;

    private static string Or(bool missing, string id) => missing ? Guid.NewGuid().ToString() : id;

    private static Task<MatrixRequest> Ready(HttpMethod method, string path, object? body = null) => Task.FromResult(new MatrixRequest(method, path, body));

    private static Task<string> SharedSecret(PermissionMatrixFixture f, MatrixTarget t) => f.SharedAsync($"secret {f.ProjectOf(t)} {t}", () => SecretAsync(f, t));

    private static Task<string> SharedRotation(PermissionMatrixFixture f, MatrixTarget t) => f.SharedAsync($"rotation {f.ProjectOf(t)} {t}", () => RotationAsync(f, t));

    private static Task<string> SharedWebhook(PermissionMatrixFixture f, MatrixTarget t) => f.SharedAsync($"webhook {f.ProjectOf(t)}", () => WebhookAsync(f, t));

    private static Task<string> SharedMembership(PermissionMatrixFixture f, MatrixTarget t) => f.SharedAsync($"membership {f.ProjectOf(t)}", () => MembershipAsync(f, t));

    private static Task<string> SharedIdentity(PermissionMatrixFixture f) => f.SharedAsync("identity", () => IdentityAsync(f));

    private static Task<string> SharedConnection(PermissionMatrixFixture f) => Task.FromResult(f.ConnectionId);

    private static Task<string> SharedSelfRotatingConnection(PermissionMatrixFixture f) => f.SharedAsync("self-rotating connection", () => SelfRotatingConnectionAsync(f));

    private static MatrixRoute OnRotation(HttpMethod method, string suffix, object? body = null, bool fresh = false) =>
        new(MatrixTarget.Folders, async (f, t, missing) =>
        {
            var id = missing ? Guid.NewGuid().ToString() : fresh ? await RotationAsync(f, t) : await SharedRotation(f, t);
            return new MatrixRequest(method, $"{PermissionMatrixFixture.RotationsPath}/{id}{suffix}", body);
        });

    public static IReadOnlyDictionary<string, MatrixRoute> All { get; } = new Dictionary<string, MatrixRoute>(StringComparer.Ordinal)
    {
        ["POST /api/v1/projects"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Post, "/api/v1/projects", new { projectName = $"matrix-{Guid.NewGuid():N}" })),
        ["GET /api/v1/projects"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Get, "/api/v1/projects"))
        {
            Listed = body => body["projects"]!.AsArray().Select(p => new ListedItem(p!["id"]!.GetValue<string>(), Permission.ProjectRead, Guid.Parse(p["id"]!.GetValue<string>()), null, null)),
        },
        ["GET /api/v1/projects/{id}"] = new(MatrixTarget.Projects, (f, t, missing) => Ready(Get, $"/api/v1/projects/{Or(missing, f.ProjectOf(t))}")),

        ["GET /api/v3/secrets/raw"] = new(MatrixTarget.Folders, (f, t, _) => Ready(Get, $"/api/v3/secrets/raw?{Folder(f, t)}")),
        ["GET /api/v3/secrets/raw/{secretName}"] = new(MatrixTarget.Folders, async (f, t, missing) =>
            new MatrixRequest(Get, $"/api/v3/secrets/raw/{(missing ? Unique("MISSING") : await SharedSecret(f, t))}?{Folder(f, t)}")),
        ["POST /api/v3/secrets/raw/{secretName}"] = new(MatrixTarget.Folders, (f, t, _) =>
            Ready(Post, $"/api/v3/secrets/raw/{Unique("CREATED")}", SecretBody(f, t, "created-by-matrix"))),
        ["PATCH /api/v3/secrets/raw/{secretName}"] = new(MatrixTarget.Folders, async (f, t, missing) =>
            new MatrixRequest(Patch, $"/api/v3/secrets/raw/{(missing ? Unique("MISSING") : await SharedSecret(f, t))}", SecretBody(f, t, "updated-by-matrix"))),
        ["DELETE /api/v3/secrets/raw/{secretName}"] = new(MatrixTarget.Folders, async (f, t, missing) =>
            new MatrixRequest(Delete, $"/api/v3/secrets/raw/{(missing ? Unique("MISSING") : await SecretAsync(f, t))}?{Folder(f, t)}")),

        ["POST /api/v1/app-connections/{app}"] = new(MatrixTarget.Installations, (f, _, _) =>
            Ready(Post, "/api/v1/app-connections/azure", Support.Scenario.ConnectionBody(f.Server.Emulator))),
        ["GET /api/v1/app-connections/{app}"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Get, "/api/v1/app-connections/azure")),
        ["GET /api/v1/app-connections/{app}/{id}"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Get, $"/api/v1/app-connections/azure/{Or(missing, await SharedConnection(f))}")),
        ["PATCH /api/v1/app-connections/{app}/{id}"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Patch, $"/api/v1/app-connections/azure/{Or(missing, await SharedConnection(f))}", new { description = "changed by the matrix" })),
        ["DELETE /api/v1/app-connections/{app}/{id}"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Delete, $"/api/v1/app-connections/azure/{(missing ? Guid.NewGuid().ToString() : await ConnectionAsync(f))}")),
        ["POST /api/v1/app-connections/{app}/{id}/rotate-credentials"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Post, $"/api/v1/app-connections/azure/{Or(missing, await SharedSelfRotatingConnection(f))}/rotate-credentials")),
        ["GET /api/v1/app-connections/{app}/{id}/credential-rotations"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Get, $"/api/v1/app-connections/azure/{Or(missing, await SharedConnection(f))}/credential-rotations")),

        ["GET /api/v2/secret-rotations/options"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Get, "/api/v2/secret-rotations/options")),
        ["GET /api/v2/secret-rotations"] = new(MatrixTarget.ProjectsListingScopedItems, (f, t, _) => Ready(Get, $"/api/v2/secret-rotations?projectId={f.ProjectOf(t)}"))
        {
            Listed = body => body["secretRotations"]!.AsArray().Select(r => new ListedItem(r!["id"]!.GetValue<string>(), Permission.RotationRead, Guid.Parse(r["projectId"]!.GetValue<string>()),
                r["environment"]!["slug"]!.GetValue<string>(), r["folder"]!["path"]!.GetValue<string>())),
        },
        ["POST /api/v2/secret-rotations/{type}"] = new(MatrixTarget.Folders, (f, t, _) => Ready(Post, PermissionMatrixFixture.RotationsPath, RotationBody(f, t))),
        ["GET /api/v2/secret-rotations/{type}/{id}"] = OnRotation(Get, ""),
        ["PATCH /api/v2/secret-rotations/{type}/{id}"] = OnRotation(Patch, "", new { description = "changed by the matrix" }),
        ["DELETE /api/v2/secret-rotations/{type}/{id}"] = OnRotation(Delete, "", fresh: true),
        ["POST /api/v2/secret-rotations/{type}/{id}/rotate-secrets"] = OnRotation(Post, "/rotate-secrets"),
        ["GET /api/v2/secret-rotations/{type}/{id}/history"] = OnRotation(Get, "/history"),
        ["GET /api/v2/secret-rotations/{type}/{id}/generated-credentials"] = OnRotation(Get, "/generated-credentials"),
        ["POST /api/v2/secret-rotations/{type}/{id}/reconcile"] = OnRotation(Post, "/reconcile"),

        ["POST /api/v1/projects/{projectId}/webhooks"] = new(MatrixTarget.Projects, (f, t, _) => Ready(Post, Webhooks(f, t), WebhookBody)),
        ["GET /api/v1/projects/{projectId}/webhooks"] = new(MatrixTarget.Projects, (f, t, _) => Ready(Get, Webhooks(f, t))),
        ["GET /api/v1/projects/{projectId}/webhooks/{id}"] = new(MatrixTarget.Projects, async (f, t, missing) =>
            new MatrixRequest(Get, $"{Webhooks(f, t)}/{Or(missing, await SharedWebhook(f, t))}")),
        ["DELETE /api/v1/projects/{projectId}/webhooks/{id}"] = new(MatrixTarget.Projects, async (f, t, missing) =>
            new MatrixRequest(Delete, $"{Webhooks(f, t)}/{(missing ? Guid.NewGuid().ToString() : await WebhookAsync(f, t))}")),
        ["GET /api/v1/projects/{projectId}/webhooks/{id}/deliveries"] = new(MatrixTarget.Projects, async (f, t, missing) =>
            new MatrixRequest(Get, $"{Webhooks(f, t)}/{Or(missing, await SharedWebhook(f, t))}/deliveries")),

        ["POST /api/v1/identities"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Post, "/api/v1/identities", new { name = $"made-{Guid.NewGuid():N}"[..20] })),
        ["GET /api/v1/identities"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Get, "/api/v1/identities")),
        ["GET /api/v1/identities/{id}"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Get, $"/api/v1/identities/{Or(missing, await SharedIdentity(f))}")),
        ["DELETE /api/v1/identities/{id}"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Delete, $"/api/v1/identities/{(missing ? Guid.NewGuid().ToString() : await IdentityAsync(f))}")),
        ["POST /api/v1/identities/{id}/universal-auth/client-secrets"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Post, $"/api/v1/identities/{Or(missing, await SharedIdentity(f))}/universal-auth/client-secrets", new { description = "matrix" })),
        ["GET /api/v1/identities/{id}/universal-auth/client-secrets"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Get, $"/api/v1/identities/{Or(missing, await SharedIdentity(f))}/universal-auth/client-secrets")),
        ["DELETE /api/v1/identities/{id}/universal-auth/client-secrets/{clientSecretId}"] = new(MatrixTarget.Installations, async (f, _, missing) =>
        {
            var identity = await SharedIdentity(f);
            var secret = missing ? Guid.NewGuid().ToString() : await ClientSecretAsync(f, identity);
            return new MatrixRequest(Delete, $"/api/v1/identities/{identity}/universal-auth/client-secrets/{secret}");
        }),
        ["POST /api/v1/identities/{id}/grants"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Post, $"/api/v1/identities/{(missing ? Guid.NewGuid().ToString() : await IdentityAsync(f))}/grants", new { grant = "connection-admin" })),
        ["DELETE /api/v1/identities/{id}/grants/{grant}"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Delete, $"/api/v1/identities/{(missing ? Guid.NewGuid().ToString() : await GrantedIdentityAsync(f))}/grants/connection-admin")),

        ["POST /api/v1/projects/{projectId}/memberships"] = new(MatrixTarget.Projects, async (f, t, _) =>
            new MatrixRequest(Post, Memberships(f, t), new { identityId = await IdentityAsync(f), role = "viewer" })),
        ["GET /api/v1/projects/{projectId}/memberships"] = new(MatrixTarget.Projects, (f, t, _) => Ready(Get, Memberships(f, t))),
        ["GET /api/v1/projects/{projectId}/memberships/{id}"] = new(MatrixTarget.Projects, async (f, t, missing) =>
            new MatrixRequest(Get, $"{Memberships(f, t)}/{Or(missing, await SharedMembership(f, t))}")),
        ["DELETE /api/v1/projects/{projectId}/memberships/{id}"] = new(MatrixTarget.Projects, async (f, t, missing) =>
            new MatrixRequest(Delete, $"{Memberships(f, t)}/{(missing ? Guid.NewGuid().ToString() : await MembershipAsync(f, t))}")),

        ["POST /api/v1/auth/universal-auth/login"] = new(MatrixTarget.Installations, (f, _, _) =>
            Ready(Post, MatrixIdentities.LoginPath, new { clientId = f.LoginIdentity.ClientId, clientSecret = f.LoginIdentity.ClientSecret })),
        ["POST /api/v1/auth/token/revoke"] = new(MatrixTarget.Installations, async (f, _, _) =>
            new MatrixRequest(Post, "/api/v1/auth/token/revoke", new { accessToken = await VictimTokenAsync(f) })),
        ["POST /api/v1/auth/token/renew"] = new(MatrixTarget.Installations, async (f, _, _) =>
            new MatrixRequest(Post, "/api/v1/auth/token/renew", new { accessToken = await VictimTokenAsync(f) })),
        ["GET /api/v1/auth/token/self"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Get, "/api/v1/auth/token/self")),
        ["POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Post, $"/api/v1/auth/universal-auth/identities/{Or(missing, await SharedIdentity(f))}/client-secrets", new { description = "matrix" })),
        ["GET /api/v1/auth/universal-auth/identities/{identityId}/client-secrets"] = new(MatrixTarget.Installations, async (f, _, missing) =>
            new MatrixRequest(Get, $"/api/v1/auth/universal-auth/identities/{Or(missing, await SharedIdentity(f))}/client-secrets")),
        ["POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets/{clientSecretId}/revoke"] = new(MatrixTarget.Installations, async (f, _, missing) =>
        {
            var identity = await SharedIdentity(f);
            var secret = missing ? Guid.NewGuid().ToString() : await ClientSecretAsync(f, identity);
            return new MatrixRequest(Post, $"/api/v1/auth/universal-auth/identities/{identity}/client-secrets/{secret}/revoke");
        }),

        ["GET /api/v1/audit-logs"] = new([MatrixTarget.Installation, .. MatrixTarget.Projects], (f, t, _) =>
            Ready(Get, t.HasProject ? $"/api/v1/audit-logs?projectId={f.ProjectOf(t)}&limit=5" : "/api/v1/audit-logs?limit=5")),
        ["GET /api/v1/audit-logs/chain"] = new(MatrixTarget.Installations, (_, _, _) => Ready(Get, "/api/v1/audit-logs/chain?limit=5")),
    };
}
