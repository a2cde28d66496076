using System.Net;
using Keyturn.Core.Notifications;
using Keyturn.Server.Tests.Notifications;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Telemetry;

/// <summary>Secret reads, audit group commits and webhook deliveries, as the Keyturn meter counts them.</summary>
public sealed class RequestMetricsTests
{
    [Fact]
    public async Task ReadSecrets_GetAndList_CountEachSecretRead()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        await Scenario.CreateSecretAsync(server, projectId, "API_KEY", "first-value");
        await Scenario.CreateSecretAsync(server, projectId, "DB_PASSWORD", "second-value");
        using var recorder = MeterRecorder.Of(server);

        (await Scenario.GetSecretAsync(server, projectId, "API_KEY")).ShouldBe(HttpStatusCode.OK);
        (await server.Api.GetAsync($"/api/v3/secrets/raw?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK);
        // A read of a secret that is not there reads nothing.
        (await Scenario.GetSecretAsync(server, projectId, "MISSING")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal(1, recorder.Sum("keyturn.secret.reads", ("operation", "get")));
        Assert.Equal(2, recorder.Sum("keyturn.secret.reads", ("operation", "list")));
        Assert.Equal(3, recorder.Sum("keyturn.secret.reads"));
    }

    [Fact]
    public async Task AuditedRequests_EachGroupCommitIsTimed()
    {
        await using var server = await TestServer.StartAsync();
        using var recorder = MeterRecorder.Of(server);

        await Scenario.CreateProjectAsync(server);

        // The request's own entry and the project's: at least one group, never more groups than entries.
        var groups = recorder.Of("keyturn.audit.write.duration");
        Assert.InRange(groups.Count, 1, 2);
        Assert.All(groups, g => Assert.True(g.Value >= 0));
    }

    [Fact]
    public async Task WebhookDelivered_ThenReceiverDown_CountsSucceededAndRetrying()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var setup = await Scenario.CreateRotationAsync(server);
        await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, [RotationEventTypes.Succeeded]);
        using var recorder = MeterRecorder.Of(server);

        await Scenario.RotateAsync(server, setup.RotationId);
        await Wait.UntilAsync(() => recorder.Of("keyturn.webhook.deliveries").Count == 1, "the delivery counted");
        receiver.Down = true;
        await Scenario.RotateAsync(server, setup.RotationId);
        await Wait.UntilAsync(() => recorder.Of("keyturn.webhook.deliveries").Count == 2, "the refused delivery counted");

        Assert.Equal(1, recorder.Sum("keyturn.webhook.deliveries", ("event", RotationEventTypes.Succeeded), ("outcome", "succeeded")));
        Assert.Equal(1, recorder.Sum("keyturn.webhook.deliveries", ("event", RotationEventTypes.Succeeded), ("outcome", "retrying")));
    }
}
