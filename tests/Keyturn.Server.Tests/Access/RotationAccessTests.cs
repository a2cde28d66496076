using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// The secret-rotation routes with identities' tokens: rotation-admin in scope reads, and with the connection-admin
/// grant also manages; every other scope (environment, path, project, role) gets the one 403, the same as for a
/// rotation that does not exist; no token is 401. Every change refused leaves the rotation and the target untouched.
/// </summary>
public sealed class RotationAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;
    private const string Denied = "This token does not allow this action here, or what it names does not exist.";

    private TestServer Server => fixture.Server;

    /// <summary>Every route that names one rotation, with the right it needs: true when it changes something.</summary>
    private static (HttpMethod Method, string Path, object? Body, bool Manages)[] RotationRoutes(string id, string path = Path) =>
    [
        (HttpMethod.Get, $"{path}/{id}", null, false),
        (HttpMethod.Get, $"{path}/{id}/history", null, false),
        (HttpMethod.Get, $"{path}/{id}/generated-credentials", null, false),
        (HttpMethod.Patch, $"{path}/{id}", new { description = "changed by an identity" }, true),
        (HttpMethod.Post, $"{path}/{id}/rotate-secrets", null, true),
        (HttpMethod.Post, $"{path}/{id}/reconcile?dryRun=true", null, true),
        (HttpMethod.Delete, $"{path}/{id}?deleteSecrets=true", null, true),
    ];

    [Fact]
    public async Task RotationAdminWithGrant_InScope_EveryRouteSucceedsAndIsAuditedAsTheIdentity()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var identity = await RotationAccessIdentities.LoggedInAsync(Server, setup.ProjectId, environments: ["dev"], secretPathPrefixes: ["/"]);

        (await Server.SendAsync(identity, HttpMethod.Get, "/api/v2/secret-rotations/options")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(setup.RotationId, await ListIdsAsync(identity, setup.ProjectId));
        foreach (var (method, path, body, _) in RotationRoutes(setup.RotationId).Where(r => r.Method != HttpMethod.Delete))
        {
            (await Server.SendAsync(identity, method, path, body)).ShouldBe(HttpStatusCode.OK);
        }

        (await Server.SendAsync(identity, HttpMethod.Post, $"{Path}/{setup.RotationId}/reconcile?dryRun=false")).ShouldBe(HttpStatusCode.OK);
        var otherApp = Scenario.CreateTargetApp(Server);
        var create = Scenario.RotationBody(setup.ProjectId, setup.ConnectionId, otherApp, "made-by-identity");
        create["secretsMapping"] = new { clientId = "OTHER_CLIENT_ID", clientSecret = "OTHER_CLIENT_SECRET" };
        var created = (await Server.SendAsync(identity, HttpMethod.Post, Path, create)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        (await Server.SendAsync(identity, HttpMethod.Delete, $"{Path}/{created}?deleteSecrets=true")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("changed by an identity", (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).Body["secretRotation"]!["description"]!.GetValue<string>());
        foreach (var action in new[]
                 {
                     "secret-rotation.updated", "secret-rotation.credentials-read", "secret-rotation.rotate-requested", "secret-rotation.reconciled",
                     "secret-rotation.created", "secret-rotation.deleted",
                 })
        {
            var entries = (await Server.Api.GetAsync($"/api/v1/audit-logs?action={action}&projectId={setup.ProjectId}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
            Assert.Contains(entries, e => e!["actor"]!.GetValue<string>() == identity.Actor);
        }

        // The typed PATCH command still tells the audit entry which fields the body gave.
        var updated = (await Server.Api.GetAsync($"/api/v1/audit-logs?action=secret-rotation.updated&projectId={setup.ProjectId}")).Body["auditLogs"]!.AsArray();
        Assert.Equal(["description"], Assert.Single(updated)!["details"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task RotationAdminWithoutGrant_ReadsButEveryChangeIs403AndChangesNothing()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var identity = await RotationAccessIdentities.LoggedInAsync(Server, setup.ProjectId, connectionAdmin: false);
        var before = await SnapshotAsync(setup);

        Assert.Contains(setup.RotationId, await ListIdsAsync(identity, setup.ProjectId));
        foreach (var (method, path, body, manages) in RotationRoutes(setup.RotationId))
        {
            AssertDenied(await Server.SendAsync(identity, method, path, body), manages ? HttpStatusCode.Forbidden : HttpStatusCode.OK);
        }

        var otherApp = Scenario.CreateTargetApp(Server);
        var create = Scenario.RotationBody(setup.ProjectId, setup.ConnectionId, otherApp, "never-made");
        create["secretsMapping"] = new { clientId = "OTHER_CLIENT_ID", clientSecret = "OTHER_CLIENT_SECRET" };
        AssertDenied(await Server.SendAsync(identity, HttpMethod.Post, Path, create), HttpStatusCode.Forbidden);

        Assert.Equal("initial", Assert.Single(Server.Emulator.Control.ListPasswords(otherApp.ObjectId)).DisplayName);
        Assert.Equal(before, await SnapshotAsync(setup));
    }

    public static TheoryData<string> OutOfScope => ["environment", "path", "project", "role"];

    [Theory]
    [MemberData(nameof(OutOfScope))]
    public async Task OutOfScope_EveryRouteIs403AndChangesNothing(string scope)
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var identity = scope switch
        {
            "environment" => await RotationAccessIdentities.LoggedInAsync(Server, setup.ProjectId, environments: ["staging", "prod"]),
            "path" => await RotationAccessIdentities.LoggedInAsync(Server, setup.ProjectId, secretPathPrefixes: ["/api"]),
            "project" => await RotationAccessIdentities.LoggedInAsync(Server, await Scenario.CreateProjectAsync(Server), role: "admin"),
            "role" => await RotationAccessIdentities.LoggedInAsync(Server, setup.ProjectId, role: "developer"),
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
        var before = await SnapshotAsync(setup);

        foreach (var (method, path, body, _) in RotationRoutes(setup.RotationId))
        {
            AssertDenied(await Server.SendAsync(identity, method, path, body), HttpStatusCode.Forbidden);
        }

        var otherApp = Scenario.CreateTargetApp(Server);
        var create = Scenario.RotationBody(setup.ProjectId, setup.ConnectionId, otherApp, "never-made");
        create["secretsMapping"] = new { clientId = "OTHER_CLIENT_ID", clientSecret = "OTHER_CLIENT_SECRET" };
        AssertDenied(await Server.SendAsync(identity, HttpMethod.Post, Path, create), HttpStatusCode.Forbidden);

        // A rotation-admin limited elsewhere in the project may list it, and sees none of what it cannot read.
        var list = await Server.SendAsync(identity, HttpMethod.Get, $"/api/v2/secret-rotations?projectId={setup.ProjectId}");
        if (scope is "environment" or "path")
        {
            Assert.Empty(list.ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!.AsArray());
        }
        else
        {
            AssertDenied(list, HttpStatusCode.Forbidden);
        }

        Assert.Equal("initial", Assert.Single(Server.Emulator.Control.ListPasswords(otherApp.ObjectId)).DisplayName);
        Assert.Equal(before, await SnapshotAsync(setup));
    }

    [Fact]
    public async Task PathPrefix_CoversOnlyTheRotationsUnderIt()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var deeper = Scenario.RotationBody(setup.ProjectId, setup.ConnectionId, Scenario.CreateTargetApp(Server), "under-api");
        deeper["secretPath"] = "/api/v2";
        var underApi = (await Server.Api.PostAsync(Path, deeper)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var identity = await RotationAccessIdentities.LoggedInAsync(Server, setup.ProjectId, environments: ["dev"], secretPathPrefixes: ["/api"]);

        Assert.Equal([underApi], await ListIdsAsync(identity, setup.ProjectId));
        (await Server.SendAsync(identity, HttpMethod.Get, $"{Path}/{underApi}")).ShouldBe(HttpStatusCode.OK);
        (await Server.SendAsync(identity, HttpMethod.Post, $"{Path}/{underApi}/rotate-secrets")).ShouldBe(HttpStatusCode.OK);
        AssertDenied(await Server.SendAsync(identity, HttpMethod.Get, $"{Path}/{setup.RotationId}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NonexistentRotationOrProject_GetsTheSameRefusalAsOneOutOfScope()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var identity = await RotationAccessIdentities.LoggedInAsync(Server, await Scenario.CreateProjectAsync(Server), role: "admin");
        var mine = await RotationAccessIdentities.LoggedInAsync(Server, setup.ProjectId);

        foreach (var missing in new[] { Guid.NewGuid().ToString(), "not-a-guid" })
        {
            foreach (var (method, path, body, _) in RotationRoutes(missing))
            {
                AssertDenied(await Server.SendAsync(identity, method, path, body), HttpStatusCode.Forbidden);
                AssertDenied(await Server.SendAsync(mine, method, path, body), HttpStatusCode.Forbidden);
            }
        }

        // The route's type names another kind of rotation: as if it did not exist, even for one who may see it.
        foreach (var (method, path, body, _) in RotationRoutes(setup.RotationId, "/api/v2/secret-rotations/entra-user-password"))
        {
            AssertDenied(await Server.SendAsync(mine, method, path, body), HttpStatusCode.Forbidden);
        }

        AssertDenied(await Server.SendAsync(identity, HttpMethod.Get, $"/api/v2/secret-rotations?projectId={Guid.NewGuid()}"), HttpStatusCode.Forbidden);
        (await Server.Api.GetAsync($"{Path}/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NoToken_EveryRouteIs401()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        (await Server.Api.SendAsync(HttpMethod.Get, "/api/v2/secret-rotations/options", null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Server.Api.SendAsync(HttpMethod.Get, $"/api/v2/secret-rotations?projectId={setup.ProjectId}", null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Server.Api.SendAsync(HttpMethod.Post, Path, Scenario.RotationBody(setup.ProjectId, setup.ConnectionId, setup.App, "no-token"), noToken: true))
            .ShouldBe(HttpStatusCode.Unauthorized);
        foreach (var (method, path, body, _) in RotationRoutes(setup.RotationId))
        {
            (await Server.Api.SendAsync(method, path, body, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The expected status; for 403, the one fixed refusal, word for word.</summary>
    private static void AssertDenied(ApiResponse response, HttpStatusCode expected)
    {
        response.ShouldBe(expected);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("Forbidden", response.Body["title"]!.GetValue<string>());
            Assert.Equal(Denied, response.Body["detail"]!.GetValue<string>());
            Assert.Null(response.Body["errors"]);
        }
    }

    private async Task<List<string>> ListIdsAsync(LoggedInIdentity identity, string projectId) =>
        (await Server.SendAsync(identity, HttpMethod.Get, $"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK)
            .Body["secretRotations"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();

    /// <summary>What a refused change must leave as it was: the rotation as the root token reads it, its attempts, the target's credentials.</summary>
    private async Task<string> SnapshotAsync(RotationSetup setup)
    {
        var rotation = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var history = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}/history")).ShouldBe(HttpStatusCode.OK).Body;
        var passwords = string.Join(",", Server.Emulator.Control.ListPasswords(setup.App.ObjectId).Select(p => p.KeyId).Order());
        return new JsonObject { ["rotation"] = rotation.DeepClone(), ["history"] = history.DeepClone(), ["passwords"] = passwords }.ToJsonString();
    }
}
