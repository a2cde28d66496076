using System.Net;
using Keyturn.Server.Tests.Notifications;
using Keyturn.Server.Tests.Support;
using static Keyturn.Server.Tests.Access.ConnectionAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>One server allowed to reach one webhook receiver, shared by the webhook access tests.</summary>
public sealed class WebhookAccessFixture : IAsyncLifetime
{
    private WebhookReceiver? _receiver;
    private TestServer? _server;

    public WebhookReceiver Receiver => _receiver ?? throw new InvalidOperationException("The fixture has not started.");

    public TestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _server = await WebhookScenario.StartAsync(_receiver);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }
}

/// <summary>
/// Webhooks are project-wide: every route needs rotation-admin or admin on the route's project, by a membership not
/// limited to environments or paths. Anyone else gets the same 403 whether or not the project or webhook exists.
/// </summary>
public sealed class WebhookAccessTests(WebhookAccessFixture fixture) : IClassFixture<WebhookAccessFixture>
{
    private static readonly string[] RouteNames = ["create", "list", "get", "delete", "deliveries"];

    private TestServer Server => fixture.Server;

    public static TheoryData<string> Roles => ["rotation-admin", "admin"];

    /// <summary>Memberships in the webhook's project that do not cover the whole project at rotation-admin.</summary>
    public static TheoryData<string, string[]?, string[]?> ShortMemberships => new()
    {
        { "viewer", null, null },
        { "developer", null, null },
        { "rotation-admin", ["dev"], null },
        { "rotation-admin", null, ["/api"] },
        { "admin", ["dev"], ["/api"] },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task WholeProjectRole_UsesEveryRoute_RecordedAsItself(string role)
    {
        var project = await Scenario.CreateProjectAsync(Server);
        using var manager = await LogInAsync(Server, [], new MembershipSpec(project, role));
        var path = WebhookScenario.WebhooksPath(project);

        var created = (await manager.Api.PostAsync(path, new { url = fixture.Receiver.Url, events = new[] { "rotation.failed" } })).ShouldBe(HttpStatusCode.OK);
        var id = created.Body["webhook"]!["id"]!.GetValue<string>();
        var listed = (await manager.Api.GetAsync(path)).ShouldBe(HttpStatusCode.OK).Body["webhooks"]!.AsArray();
        (await manager.Api.GetAsync($"{path}/{id}")).ShouldBe(HttpStatusCode.OK);
        var deliveries = (await manager.Api.GetAsync($"{path}/{id}/deliveries")).ShouldBe(HttpStatusCode.OK).Body["deliveries"]!.AsArray();
        (await manager.Api.DeleteAsync($"{path}/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(id, Assert.Single(listed)!["id"]!.GetValue<string>());
        Assert.Empty(deliveries);
        (await Server.Api.GetAsync($"{path}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        var audit = (await Server.Api.GetAsync($"/api/v1/audit-logs?resourceType=webhook&resourceId={id}&actor={manager.Actor}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["webhook.created", "webhook.deleted"], audit.Body["auditLogs"]!.AsArray()
            .Select(e => e!["action"]!.GetValue<string>()).Where(a => a is "webhook.created" or "webhook.deleted").Order());
    }

    [Theory]
    [MemberData(nameof(ShortMemberships))]
    public async Task MembershipNotCoveringTheWholeProjectAtRotationAdmin_EveryRouteRefused_ChangesNothing(string role, string[]? environments, string[]? paths)
    {
        var project = await Scenario.CreateProjectAsync(Server);
        using var member = await LogInAsync(Server, [], new MembershipSpec(project, role, environments, paths));
        var webhook = await WebhookAsync(project);

        foreach (var route in RouteNames)
        {
            Refusal(await SendAsync(member.Api, route, project, webhook));
        }

        (await Server.Api.GetAsync($"{WebhookScenario.WebhooksPath(project)}/{webhook}")).ShouldBe(HttpStatusCode.OK);
        Assert.Single((await Server.Api.GetAsync(WebhookScenario.WebhooksPath(project))).ShouldBe(HttpStatusCode.OK).Body["webhooks"]!.AsArray());
    }

    [Fact]
    public async Task OtherProjectsManager_RefusedIdenticallyForExistingAndMissingProjectsAndWebhooks()
    {
        var own = await Scenario.CreateProjectAsync(Server);
        var other = await Scenario.CreateProjectAsync(Server);
        using var manager = await LogInAsync(Server, [], new MembershipSpec(own, "admin"));
        var webhook = await WebhookAsync(other);
        var nobody = Guid.NewGuid().ToString();

        foreach (var route in RouteNames)
        {
            var existing = Refusal(await SendAsync(manager.Api, route, other, webhook));
            Assert.Equal(existing, Refusal(await SendAsync(manager.Api, route, other, nobody)));
            Assert.Equal(existing, Refusal(await SendAsync(manager.Api, route, nobody, webhook)));
            Assert.Equal(existing, Refusal(await SendAsync(manager.Api, route, "not-a-guid", "not-a-guid")));
        }

        Assert.Single((await Server.Api.GetAsync(WebhookScenario.WebhooksPath(other))).ShouldBe(HttpStatusCode.OK).Body["webhooks"]!.AsArray());
    }

    [Fact]
    public async Task Manager_MissingWebhookInOwnProject_Is404_AndOtherProjectsWebhookIsNotFoundThere()
    {
        var own = await Scenario.CreateProjectAsync(Server);
        var other = await Scenario.CreateProjectAsync(Server);
        using var manager = await LogInAsync(Server, [], new MembershipSpec(own, "rotation-admin"), new MembershipSpec(other, "rotation-admin"));
        var theirs = await WebhookAsync(other);

        foreach (var route in new[] { "get", "delete", "deliveries" })
        {
            (await SendAsync(manager.Api, route, own, Guid.NewGuid().ToString())).ShouldBe(HttpStatusCode.NotFound);
            (await SendAsync(manager.Api, route, own, theirs)).ShouldBe(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task NoToken_EveryRouteIs401()
    {
        var project = await Scenario.CreateProjectAsync(Server);
        var webhook = await WebhookAsync(project);

        foreach (var route in RouteNames)
        {
            (await SendAsync(Server.Api, route, project, webhook, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await Server.Api.GetAsync($"{WebhookScenario.WebhooksPath(project)}/{webhook}")).ShouldBe(HttpStatusCode.OK);
    }

    private async Task<string> WebhookAsync(string project) =>
        (await WebhookScenario.SubscribeAsync(Server, project, fixture.Receiver.Url, ["rotation.failed"]))["id"]!.GetValue<string>();

    private Task<ApiResponse> SendAsync(ApiClient api, string route, string project, string webhook, bool noToken = false)
    {
        var path = WebhookScenario.WebhooksPath(project);
        return route switch
        {
            "create" => api.SendAsync(HttpMethod.Post, path, new { url = fixture.Receiver.Url, events = new[] { "rotation.failed" } }, noToken: noToken),
            "list" => api.SendAsync(HttpMethod.Get, path, null, noToken: noToken),
            "get" => api.SendAsync(HttpMethod.Get, $"{path}/{webhook}", null, noToken: noToken),
            "delete" => api.SendAsync(HttpMethod.Delete, $"{path}/{webhook}", null, noToken: noToken),
            "deliveries" => api.SendAsync(HttpMethod.Get, $"{path}/{webhook}/deliveries", null, noToken: noToken),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
    }
}
