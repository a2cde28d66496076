using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Tests.Parity;

/// <summary>`keyturn webhook get` against a real server: the subscription's fields, never its signing secret.</summary>
public sealed class WebhookGetCliTests : AgainstServer
{
    // Nothing is delivered in this test; the allow list only has to admit the URL at create.
    private const string Url = "http://127.0.0.1:1/hooks";

    protected override KeyturnServerOptions Configure(KeyturnServerOptions options) => options with { OutboundAllow = ["127.0.0.1:1"] };

    [Fact]
    public async Task WebhookGet_ShowsUrlAndEvents_NotTheSigningSecret()
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", "parity-hooks", "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var created = Json(await RunOkAsync("webhook", "create", "--project", projectId, "--url", Url, "--event", "rotation.failed", "-o", "json"))["webhook"]!;
        var id = created["id"]!.GetValue<string>();
        var secret = created["signingSecret"]!.GetValue<string>();

        var shown = (await RunOkAsync("webhook", "get", "--project", projectId, id)).Out;

        Assert.Contains($"id                  {id}", shown);
        // The server shows the URL as it stores it for display (a path may carry a token, so it may be shortened).
        Assert.Contains($"url                 {created["url"]!.GetValue<string>()}", shown);
        Assert.Contains("rotation.failed", shown);
        Assert.DoesNotContain(secret, shown);
    }
}
