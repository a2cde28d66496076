using System.Net;
using Keyturn.Core.Notifications;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Notifications;

/// <summary>The subscription API: what it accepts, what it refuses (naming the field and the rule), and what it shows.</summary>
public sealed class WebhookEndpointsTests
{
    [Fact]
    public async Task CreateGetListDelete_SigningSecretShownOnlyInTheCreateAnswer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var projectId = await Scenario.CreateProjectAsync(server);
        var path = WebhookScenario.WebhooksPath(projectId);

        var created = (await server.Api.PostAsync(path, new { url = receiver.Url, events = new[] { "rotation.upcoming", "rotation.failed" }, description = "ops" }))
            .ShouldBe(HttpStatusCode.OK).Body["webhook"]!;
        var id = created["id"]!.GetValue<string>();
        var secret = created["signingSecret"]!.GetValue<string>();

        Assert.StartsWith("whsec_", secret);
        Assert.Equal([7, 1], created["upcomingDaysBefore"]!.AsArray().Select(d => d!.GetValue<int>()));
        // The path of an incoming-webhook URL is its credential: views show scheme and host only.
        Assert.Equal(("json", $"http://127.0.0.1:{receiver.Port}/\u2026", projectId), (created["format"]!.GetValue<string>(), created["url"]!.GetValue<string>(), created["projectId"]!.GetValue<string>()));
        var got = (await server.Api.GetAsync($"{path}/{id}")).ShouldBe(HttpStatusCode.OK);
        var listed = (await server.Api.GetAsync(path)).ShouldBe(HttpStatusCode.OK);
        Assert.Null(got.Body["webhook"]!["signingSecret"]);
        Assert.Equal(id, listed.Body["webhooks"]![0]!["id"]!.GetValue<string>());
        var shown = got.Text + listed.Text + (await server.Api.GetAsync($"/api/v1/audit-logs?projectId={projectId}")).Text;
        Assert.DoesNotContain(secret, shown);
        Assert.DoesNotContain("/hooks/keyturn", shown);

        (await server.Api.DeleteAsync($"{path}/{id}")).ShouldBe(HttpStatusCode.OK);
        (await server.Api.GetAsync($"{path}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        (await server.Api.DeleteAsync($"{path}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty((await server.Api.GetAsync(path)).ShouldBe(HttpStatusCode.OK).Body["webhooks"]!.AsArray());
    }

    [Fact]
    public async Task Create_BadFields_400NamingEachFieldAndRuleAndCreatesNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var projectId = await Scenario.CreateProjectAsync(server);
        var path = WebhookScenario.WebhooksPath(projectId);

        var outside = (await server.Api.PostAsync(path, new { url = $"http://127.0.0.1:{receiver.Port + 1}/hook", events = new[] { "rotation.failed" } }))
            .ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains(outside.ErrorsFor("url"), e => e.Contains("outbound allow-list") && e.Contains($"127.0.0.1:{receiver.Port + 1}"));

        var bad = (await server.Api.PostAsync(path, new
        {
            url = "ftp://example.com/x",
            events = new[] { "rotation.failed", "rotation.exploded", "rotation.failed" },
            upcomingDaysBefore = new[] { 0 },
            format = "xml",
            colour = "red",
        })).ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains(bad.ErrorsFor("url"), e => e.Contains("http or https"));
        Assert.Contains(bad.ErrorsFor("events[1]"), e => e.Contains("'rotation.exploded' is not an event"));
        Assert.Contains(bad.ErrorsFor("events[2]"), e => e.Contains("listed twice"));
        Assert.Contains(bad.ErrorsFor("upcomingDaysBefore"), e => e.Contains("1 to 365"));
        Assert.Contains(bad.ErrorsFor("format"), e => e.Contains("json, slack"));
        Assert.Contains(bad.ErrorsFor("colour"), e => e.Contains("not a known field"));

        var noUpcoming = (await server.Api.PostAsync(path, new { url = receiver.Url, events = new[] { "rotation.failed" }, upcomingDaysBefore = new[] { 7 } }))
            .ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains(noUpcoming.ErrorsFor("upcomingDaysBefore"), e => e.Contains(RotationEventTypes.Upcoming));
        Assert.NotEmpty((await server.Api.PostAsync(path, new { url = receiver.Url, events = Array.Empty<string>() })).ShouldBe(HttpStatusCode.BadRequest).ErrorsFor("events"));
        (await server.Api.PostRawAsync(path, "{\"url\": ")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Empty((await server.Api.GetAsync(path)).ShouldBe(HttpStatusCode.OK).Body["webhooks"]!.AsArray());
        Assert.Equal(0, receiver.Arrived);
    }

    [Fact]
    public async Task Routes_UnknownProjectOrWebhook_404()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var projectId = await Scenario.CreateProjectAsync(server);
        var otherProject = await Scenario.CreateProjectAsync(server);
        var id = (await WebhookScenario.SubscribeAsync(server, projectId, receiver.Url, [RotationEventTypes.Failed]))["id"]!.GetValue<string>();

        (await server.Api.PostAsync(WebhookScenario.WebhooksPath(Guid.NewGuid().ToString()), new { url = receiver.Url, events = new[] { "rotation.failed" } }))
            .ShouldBe(HttpStatusCode.NotFound);
        (await server.Api.GetAsync(WebhookScenario.WebhooksPath("not-a-guid"))).ShouldBe(HttpStatusCode.NotFound);
        // Another project's webhook is not reachable through this project.
        (await server.Api.GetAsync($"{WebhookScenario.WebhooksPath(otherProject)}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        (await server.Api.DeleteAsync($"{WebhookScenario.WebhooksPath(otherProject)}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        (await server.Api.GetAsync($"{WebhookScenario.WebhooksPath(projectId)}/{id}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deliveries_TwoRotations_PagedNewestFirst()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var setup = await Scenario.CreateRotationAsync(server);
        var id = (await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, [RotationEventTypes.Succeeded]))["id"]!.GetValue<string>();
        var path = $"{WebhookScenario.WebhooksPath(setup.ProjectId)}/{id}/deliveries";
        await Scenario.RotateAsync(server, setup.RotationId);
        await Scenario.RotateAsync(server, setup.RotationId);
        await Wait.UntilAsync(() => receiver.Received.Count == 2, "both deliveries");

        var first = (await server.Api.GetAsync($"{path}?limit=1")).ShouldBe(HttpStatusCode.OK).Body;
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = (await server.Api.GetAsync($"{path}?limit=1&cursor={cursor}")).ShouldBe(HttpStatusCode.OK).Body;

        var newest = first["deliveries"]![0]!;
        var oldest = second["deliveries"]![0]!;
        Assert.Null(second["nextCursor"]);
        Assert.True(DateTimeOffset.Parse(newest["createdAt"]!.GetValue<string>()) >= DateTimeOffset.Parse(oldest["createdAt"]!.GetValue<string>()));
        Assert.NotEqual(newest["id"]!.GetValue<string>(), oldest["id"]!.GetValue<string>());
        Assert.Equal("rotation.succeeded", oldest["event"]!.GetValue<string>());
        Assert.Contains((await server.Api.GetAsync($"{path}?limit=0")).ShouldBe(HttpStatusCode.BadRequest).ErrorsFor("limit"), e => e.Contains("1 to 100"));
        Assert.NotEmpty((await server.Api.GetAsync($"{path}?cursor=nonsense")).ShouldBe(HttpStatusCode.BadRequest).ErrorsFor("cursor"));
    }
}
