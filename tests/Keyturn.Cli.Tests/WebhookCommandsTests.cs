using Keyturn.Server.Hosting;
using Keyturn.Server.Notifications;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests;

/// <summary>
/// `keyturn webhook` against the real server. The subscribed URL is on the allow-list but nothing listens there (a
/// receiver that is down): the delivery is recorded, attempted, and listed with why it failed.
/// </summary>
public sealed class WebhookCommandsTests : AgainstServer
{
    private readonly int _closedPort = LoopbackPorts.Unused();

    protected override KeyturnServerOptions Configure(KeyturnServerOptions options) => options with
    {
        OutboundAllow = [$"127.0.0.1:{_closedPort}"],
        Webhooks = new WebhookOptions { PollInterval = TimeSpan.FromMilliseconds(100) },
    };

    [Fact]
    public async Task Webhook_CreateListDeliveriesDelete_WorkAgainstTheServer()
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", $"hooks-{Guid.NewGuid():N}"[..20], "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", $"hooks-{Guid.NewGuid():N}"[..20],
            "--tenant-id", Emulator.TenantId, "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        var target = Emulator.Control.CreateApplication($"hooks-{Guid.NewGuid():N}"[..15], [], [Emulator.AdminApp.ObjectId], withInitialSecret: false);
        var rotationId = Json(await RunOkAsync("rotation", "create", "azure-client-secret", "--name", "hooked", "--project-id", projectId, "--connection-id", connectionId,
            "--env", "dev", "--param", $"objectId={target.ObjectId}", "--param", $"clientId={target.ClientId}", "--map", "clientSecret=HOOK_SECRET", "--map", "clientId=HOOK_ID", "-o", "json"))["secretRotation"]!["id"]!.GetValue<string>();
        var url = $"http://127.0.0.1:{_closedPort}/hooks";

        var created = await RunOkAsync("webhook", "create", "--project", projectId, "--url", url, "--event", "rotation.succeeded", "--event", "rotation.upcoming",
            "--upcoming-days", "14,3", "--format", "slack");
        var secret = created.Out.Split('\n').Single(l => l.StartsWith("signingSecret", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var webhookId = created.Out.Split('\n').Single(l => l.StartsWith("id ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.StartsWith("whsec_", secret);
        Assert.Contains("shown only now", created.Error);
        Assert.Contains("14,3", created.Out);

        var listed = (await RunOkAsync("webhook", "list", "--project", projectId)).Out;
        Assert.Contains(webhookId, listed);
        Assert.Contains("rotation.succeeded,rotation.upcoming", listed);
        Assert.DoesNotContain(secret, listed);

        await RunOkAsync("rotation", "rotate", rotationId);
        var deliveries = "";
        for (var i = 0; i < 100 && !deliveries.Contains("no answer", StringComparison.Ordinal); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            deliveries = (await RunOkAsync("webhook", "deliveries", "--project", projectId, webhookId)).Out;
        }

        var row = Assert.Single(deliveries.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        Assert.Contains("rotation.succeeded  pending  1", row);
        Assert.Contains("ConnectionError", row);
        var asJson = Json(await RunOkAsync("webhook", "deliveries", "--project", projectId, webhookId, "--limit", "1", "-o", "json"));
        Assert.Single(asJson["deliveries"]!.AsArray());

        Assert.Contains($"deleted webhook {webhookId}", (await RunOkAsync("webhook", "delete", "--project", projectId, webhookId)).Out);
        Assert.DoesNotContain(webhookId, (await RunOkAsync("webhook", "list", "--project", projectId)).Out);
        var refused = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "webhook", "create", "--project", projectId, "--url", "http://127.0.0.1:1/x", "--event", "rotation.failed");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("outbound allow-list", refused.Error);
    }

    [Fact]
    public void Create_BadUpcomingDaysOrFormat_IsAUsageError()
    {
        Assert.Contains(CliRun.ParseErrors("webhook create --project p --url http://h/x --event rotation.failed --upcoming-days 7,x"), e => e.Contains("'x' is not a whole number"));
        Assert.NotEmpty(CliRun.ParseErrors("webhook create --project p --url http://h/x --event rotation.failed --format xml"));
        Assert.NotEmpty(CliRun.ParseErrors("webhook create --project p --url not-a-url --event rotation.failed"));
    }

    // Bound and released at once: nothing listens there during the test (the OS does not hand it out again so soon).
}
