using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;
using static Keyturn.Server.Tests.Access.ConnectionAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Every app-connection route needs the installation-level connection-admin grant (connections are installation-wide,
/// so a project admin cannot borrow one's rights): with it an identity does everything the root token does; without
/// it every route answers the same 403, whether or not the connection exists.
/// </summary>
public sealed class ConnectionAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = SelfRotatingConnection.Path;

    private TestServer Server => fixture.Server;

    /// <summary>The routes that name one connection, each with a request that would succeed on an existing one.</summary>
    private static readonly string[] RouteNames = ["get", "update", "delete", "rotate-credentials", "credential-rotations"];

    public static TheoryData<string> ConnectionRoutes => new(RouteNames);

    [Fact]
    public async Task GrantHolder_UsesEveryRoute_RecordedAsItself()
    {
        using var admin = await LogInAsync(Server, [ConnectionAdmin]);
        var app = SelfRotatingApp();

        var created = (await admin.Api.PostAsync(Path, SelfRotatingConnection.Body(Server.Emulator, app, null))).ShouldBe(HttpStatusCode.OK);
        var id = created.Body["appConnection"]!["id"]!.GetValue<string>();
        var listed = (await admin.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK).Body["appConnections"]!.AsArray();
        (await admin.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK);
        var patched = (await admin.Api.PatchAsync($"{Path}/{id}", new { description = "by an identity" })).ShouldBe(HttpStatusCode.OK);
        var rotated = (await admin.Api.PostAsync($"{Path}/{id}/rotate-credentials", null)).ShouldBe(HttpStatusCode.OK);
        var history = (await admin.Api.GetAsync($"{Path}/{id}/credential-rotations")).ShouldBe(HttpStatusCode.OK);
        (await admin.Api.DeleteAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Contains(listed, c => c!["id"]!.GetValue<string>() == id);
        Assert.Equal("by an identity", patched.Body["appConnection"]!["description"]!.GetValue<string>());
        Assert.Equal("success", rotated.Body["appConnection"]!["credentialRotation"]!["status"]!.GetValue<string>());
        Assert.Single(history.Body["credentialRotations"]!.AsArray());
        (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        foreach (var action in new[] { "app-connection.created", "app-connection.updated", "app-connection.deleted" })
        {
            var entries = (await Server.Api.GetAsync($"/api/v1/audit-logs?action={action}&resourceId={id}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
            Assert.Equal(admin.Actor, Assert.Single(entries)!["actor"]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionRoutes))]
    public async Task WithoutGrant_Refused_IdenticallyForExistingMissingAndMalformedIds_AndChangesNothing(string route)
    {
        // A project admin: the most a membership gives, and still not the right to use a connection.
        var project = await Scenario.CreateProjectAsync(Server);
        using var projectAdmin = await LogInAsync(Server, [], new MembershipSpec(project, "admin"));
        var id = await Scenario.CreateConnectionAsync(Server);
        var before = (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK).Text;

        var existing = Refusal(await SendAsync(projectAdmin.Api, route, id));
        var missing = Refusal(await SendAsync(projectAdmin.Api, route, Guid.NewGuid().ToString()));
        var malformed = Refusal(await SendAsync(projectAdmin.Api, route, "not-a-guid"));

        Assert.Equal(existing, missing);
        Assert.Equal(existing, malformed);
        Assert.Equal(before, (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK).Text);
        Assert.Empty((await Server.Api.GetAsync($"{Path}/{id}/credential-rotations")).ShouldBe(HttpStatusCode.OK).Body["credentialRotations"]!.AsArray());
    }

    [Fact]
    public async Task WithoutGrant_CreateAndListRefused_NothingCreated()
    {
        var project = await Scenario.CreateProjectAsync(Server);
        using var rotationAdmin = await LogInAsync(Server, [], new MembershipSpec(project, "rotation-admin"));
        await Scenario.CreateConnectionAsync(Server);
        var name = $"c-{Guid.NewGuid():N}"[..20];
        var body = Scenario.ConnectionBody(Server.Emulator, name);

        var create = Refusal(await rotationAdmin.Api.PostAsync(Path, body));
        var list = Refusal(await rotationAdmin.Api.GetAsync(Path));

        Assert.Equal(create, list);
        var names = (await Server.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK).Body["appConnections"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        Assert.DoesNotContain(name, names);
    }

    [Theory]
    [MemberData(nameof(ConnectionRoutes))]
    public async Task GrantHolder_MissingConnection_Is404(string route)
    {
        using var admin = await LogInAsync(Server, [ConnectionAdmin]);

        (await SendAsync(admin.Api, route, Guid.NewGuid().ToString())).ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(admin.Api, route, "not-a-guid")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GrantRevoked_RefusedOnTheNextRequest()
    {
        using var admin = await LogInAsync(Server, [ConnectionAdmin]);
        var id = await Scenario.CreateConnectionAsync(Server);
        (await admin.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK);

        (await Server.Api.DeleteAsync($"/api/v1/identities/{admin.Id}/grants/{ConnectionAdmin}")).ShouldBe(HttpStatusCode.OK);

        Refusal(await admin.Api.GetAsync($"{Path}/{id}"));
        Refusal(await admin.Api.GetAsync(Path));
    }

    [Fact]
    public async Task NoToken_EveryRouteIs401()
    {
        var id = await Scenario.CreateConnectionAsync(Server);
        var anonymous = Server.Api;

        (await anonymous.SendAsync(HttpMethod.Post, Path, Scenario.ConnectionBody(Server.Emulator), noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.SendAsync(HttpMethod.Get, Path, null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        foreach (var route in RouteNames)
        {
            (await SendAsync(anonymous, route, id, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK);
    }

    private EmulatedApp SelfRotatingApp()
    {
        var control = Server.Emulator.Control;
        var app = control.CreateApplication($"acc-{Guid.NewGuid():N}"[..15], ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        control.AddOwner(app.ObjectId, app.ObjectId);
        return app;
    }

    private static Task<ApiResponse> SendAsync(ApiClient api, string route, string id, bool noToken = false) => route switch
    {
        "get" => api.SendAsync(HttpMethod.Get, $"{Path}/{id}", null, noToken: noToken),
        "update" => api.SendAsync(HttpMethod.Patch, $"{Path}/{id}", new { description = "changed" }, noToken: noToken),
        "delete" => api.SendAsync(HttpMethod.Delete, $"{Path}/{id}", null, noToken: noToken),
        "rotate-credentials" => api.SendAsync(HttpMethod.Post, $"{Path}/{id}/rotate-credentials", null, noToken: noToken),
        "credential-rotations" => api.SendAsync(HttpMethod.Get, $"{Path}/{id}/credential-rotations", null, noToken: noToken),
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };
}
