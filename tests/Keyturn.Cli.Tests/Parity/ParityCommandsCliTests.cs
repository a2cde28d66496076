using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests.Parity;

/// <summary>The commands added for API parity, each against a real server: what they print and what they change there.</summary>
public sealed class ParityCommandsCliTests : AgainstServer
{
    [Fact]
    public async Task ProjectGet_ShowsTheProject_AndAnUnknownIdIsExit1()
    {
        var project = Json(await RunOkAsync("project", "create", "--name", "parity-get", "-o", "json"))["project"]!;
        var id = project["id"]!.GetValue<string>();

        var shown = await RunOkAsync("project", "get", id);

        Assert.Contains($"id            {id}", shown.Out);
        Assert.Contains("name          parity-get", shown.Out);
        var unknown = await RunRawAsync(AsRoot, "project", "get", Guid.NewGuid().ToString());
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error: ", unknown.Error);
    }

    [Fact]
    public async Task SecretDelete_RemovesTheSecret_SoGetIsThenNotFound()
    {
        var projectId = await ProjectAsync("parity-secret");
        await RunOkAsync("secret", "set", "GONE_SOON", "v1", "--project-id", projectId, "--env", "dev");

        var deleted = await RunOkAsync("secret", "delete", "GONE_SOON", "--project-id", projectId, "--env", "dev");

        Assert.Equal("deleted secret GONE_SOON", deleted.Out.Trim());
        var after = await RunRawAsync(AsRoot, "secret", "get", "GONE_SOON", "--project-id", projectId, "--env", "dev");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("404", after.Error);
    }

    [Fact]
    public async Task IdentityLifecycle_CreateListGetClientSecretsDelete_AllThroughTheCli()
    {
        var identity = Json(await RunOkAsync("identity", "create", "--name", "parity-ci", "--access-token-ttl", "600", "-o", "json"))["identity"]!;
        var id = identity["id"]!.GetValue<string>();
        Assert.Equal(600, identity["accessTokenTTL"]!.GetValue<int>());
        Assert.Contains(id, (await RunOkAsync("identity", "list")).Out);
        Assert.Contains("name               parity-ci", (await RunOkAsync("identity", "get", id)).Out);

        var created = Json(await RunOkAsync("identity", "client-secret", "create", id, "--description", "for ci", "--trusted-ip", "127.0.0.1/32", "-o", "json"));
        var secretId = created["clientSecretId"]!.GetValue<string>();
        var secret = created["clientSecret"]!.GetValue<string>();
        var listed = await RunOkAsync("identity", "client-secret", "list", id);
        Assert.Contains(secretId, listed.Out);
        Assert.Contains("127.0.0.1/32", listed.Out);
        Assert.DoesNotContain(secret, listed.Out);

        Assert.Equal($"deleted client secret {secretId}", (await RunOkAsync("identity", "client-secret", "delete", id, secretId)).Out.Trim());
        Assert.DoesNotContain(secretId, (await RunOkAsync("identity", "client-secret", "list", id)).Out);

        await RunOkAsync("identity", "delete", id);
        var gone = await RunRawAsync(AsRoot, "identity", "get", id);
        Assert.Equal(1, gone.ExitCode);
    }

    [Fact]
    public async Task LoggedInIdentity_StatusNamesIt_TokenRenewExtends_TokenRevokeEndsIt()
    {
        var identity = Json(await RunOkAsync("identity", "create", "--name", "parity-login", "-o", "json"))["identity"]!;
        var id = identity["id"]!.GetValue<string>();
        var clientSecret = Json(await RunOkAsync("identity", "client-secret", "create", id, "-o", "json"))["clientSecret"]!.GetValue<string>();
        var asIdentity = new Dictionary<string, string> { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["XDG_CONFIG_HOME"] = Path.Combine(TempDirectory, "config") };
        Assert.Equal(0, (await CliRun.RunAsync(["login", "--client-id", identity["clientId"]!.GetValue<string>(), "--client-secret-stdin"], asIdentity, clientSecret)).ExitCode);

        var status = await RunRawAsync(asIdentity, "status");
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains($"identity {id} (parity-login)", status.Out);
        Assert.Contains("(reachable)", status.Out);

        var renewed = await RunRawAsync(asIdentity, "token", "renew", "-o", "json");
        Assert.True(renewed.ExitCode == 0, renewed.Error);
        Assert.True(JsonNode.Parse(renewed.Out)!["expiresIn"]!.GetValue<int>() > 0);
        Assert.DoesNotContain("accessToken\"", renewed.Out);

        var revoked = await RunRawAsync(asIdentity, "token", "revoke");
        Assert.True(revoked.ExitCode == 0, revoked.Error);
        var afterRevoke = await RunRawAsync(asIdentity, "status");
        Assert.Equal(1, afterRevoke.ExitCode);
        Assert.Contains("401", afterRevoke.Error);
    }

    [Fact]
    public async Task Status_WithTheRootToken_ShowsReachableVersionAndTokenName()
    {
        var status = await RunOkAsync("status", "-o", "json");

        var json = JsonNode.Parse(status.Out)!;
        Assert.True(json["reachable"]!.GetValue<bool>());
        Assert.Equal(Keyturn.Server.Endpoints.TokenSelfEndpoints.ServerVersion, json["serverVersion"]!.GetValue<string>());
        Assert.NotEqual("unknown", json["serverVersion"]!.GetValue<string>());
        Assert.Equal("api-token", json["token"]!["kind"]!.GetValue<string>());
        Assert.Contains("API token 'root'", (await RunOkAsync("status")).Out);
    }

    [Fact]
    public async Task Status_WhenNothingListens_IsOneLineAndExit1()
    {
        var status = await CliRun.RunAsync(["status"], new Dictionary<string, string> { ["KEYTURN_ADDR"] = "http://127.0.0.1:1", ["KEYTURN_TOKEN"] = CliRun.Token });

        Assert.Equal(1, status.ExitCode);
        Assert.Equal("", status.Out);
        Assert.StartsWith("error: cannot reach http://127.0.0.1:1", status.Error);
        Assert.Single(status.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task MembershipGet_ShowsTheMembership()
    {
        var projectId = await ProjectAsync("parity-membership");
        var identityId = Json(await RunOkAsync("identity", "create", "--name", "parity-member", "-o", "json"))["identity"]!["id"]!.GetValue<string>();
        var membershipId = Json(await RunOkAsync("membership", "create", "--project", projectId, "--identity", identityId, "--role", "viewer", "-o", "json"))["membership"]!["id"]!.GetValue<string>();

        var shown = await RunOkAsync("membership", "get", "--project", projectId, membershipId);

        Assert.Contains(membershipId, shown.Out);
        Assert.Contains("viewer", shown.Out);
    }

    [Fact]
    public async Task ConnectionGet_ShowsTenantClientIdAndEndpoints_NeverTheSecret()
    {
        var id = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", "parity-conn", "--tenant-id", Emulator.TenantId,
            "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();

        var shown = (await RunOkAsync("connection", "get", id)).Out;

        Assert.Contains(Emulator.TenantId, shown);
        Assert.Contains(Emulator.AdminApp.ClientId, shown);
        Assert.Contains(Emulator.AuthorityHost.AbsoluteUri, shown);
        Assert.Contains(Emulator.GraphEndpoint.AbsoluteUri.TrimEnd('/'), shown);
        Assert.Contains("resourceManagerEndpoint", shown);
        Assert.DoesNotContain(Emulator.AdminApp.InitialSecret!, shown);
    }

    private Dictionary<string, string> AsRoot => new() { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token };

    private static Task<CliResult> RunRawAsync(IReadOnlyDictionary<string, string> environment, params string[] args) => CliRun.RunAsync(args, environment);

    private async Task<string> ProjectAsync(string name) =>
        Json(await RunOkAsync("project", "create", "--name", name, "-o", "json"))["project"]!["id"]!.GetValue<string>();
}
