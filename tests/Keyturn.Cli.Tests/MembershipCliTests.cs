using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests;

/// <summary>`keyturn membership create|list|delete` and `keyturn identity grant|revoke-grant` against the real server.</summary>
public sealed class MembershipCliTests : AgainstServer
{
    [Fact]
    public async Task MembershipAndGrant_CreateListDelete_RoundTrip()
    {
        var project = Json(await RunOkAsync("project", "create", "--name", "members", "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var identity = await CreateIdentityAsync();

        var created = Json(await RunOkAsync("membership", "create", "--project", project, "--identity", identity, "--role", "developer",
            "--env", "dev", "--env", "prod", "--path-prefix", "/api/", "-o", "json"))["membership"]!;
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(["dev", "prod"], created["environments"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["/api"], created["secretPathPrefixes"]!.AsArray().Select(e => e!.GetValue<string>()));

        var table = (await RunOkAsync("membership", "list", "--project", project)).Out;
        Assert.Contains(id, table, StringComparison.Ordinal);
        Assert.Contains("dev,prod", table, StringComparison.Ordinal);

        var duplicate = await CliRun.RunAsync(["membership", "create", "--project", project, "--identity", identity, "--role", "viewer"],
            new Dictionary<string, string> { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token }, "");
        Assert.NotEqual(0, duplicate.ExitCode);

        await RunOkAsync("membership", "delete", "--project", project, id);
        Assert.Empty(Json(await RunOkAsync("membership", "list", "--project", project, "-o", "json"))["memberships"]!.AsArray());

        Assert.Contains("grants: connection-admin", (await RunOkAsync("identity", "grant", identity, "connection-admin")).Out, StringComparison.Ordinal);
        Assert.Contains("grants: (none)", (await RunOkAsync("identity", "revoke-grant", identity, "connection-admin")).Out, StringComparison.Ordinal);
    }

    private async Task<string> CreateIdentityAsync()
    {
        using var api = new HttpClient { BaseAddress = Server.Address };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CliRun.Token);
        var response = await api.PostAsJsonAsync("api/v1/identities", new { name = "cli-" + Guid.NewGuid().ToString("N")[..8] });
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["identity"]!["id"]!.GetValue<string>();
    }
}
