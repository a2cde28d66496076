using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests;

/// <summary>
/// Against the real server: commands given only an id find the rotation's type and the connection's app themselves,
/// and <c>rotation update</c> changes the schedule, a changeable parameter and a secret's name of a `script` rotation.
/// </summary>
public sealed class DiscoveryCliTests : AgainstServer
{
    private ScriptTarget _script = null!;

    protected override KeyturnServerOptions Configure(KeyturnServerOptions options)
    {
        _script = ScriptTarget.Create(Path.Combine(TempDirectory, "scripts"), Path.Combine(TempDirectory, "target"));
        return options with { ScriptsDirectory = _script.ScriptsDirectory };
    }

    [Fact]
    public async Task ScriptRotation_GetUpdateRotateDeleteWithoutType_FindTheTypeAndApplyTheUpdate()
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", "discover", "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunOkAsync("connection", "create", "local", "--name", "local", "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        await RunOkAsync("secret", "set", ScriptTarget.AdminTokenSecret, _script.AdminToken, "--project-id", projectId, "--env", "dev");
        var rotationId = Json(await RunOkAsync("rotation", "create", "script", "--name", "okta", "--project-id", projectId, "--connection-id", connectionId, "--env", "dev",
            "--param", $"script={ScriptTarget.RotateScript}", "--param", "interpreter=bash", "--param", "user=svc-okta",
            "--param", $"attachedSecrets={ScriptTarget.AdminTokenSecret}", "--param", "outputs=passwordFile", "--param", $"verifyScript={ScriptTarget.VerifyScript}",
            "--param", "timeoutSeconds=20", "--map", "password=OKTA_PASSWORD", "--map", "passwordFile=OKTA_FILE", "-o", "json"))["secretRotation"]!["id"]!.GetValue<string>();

        Assert.Equal("script", Json(await RunOkAsync("rotation", "get", rotationId, "-o", "json"))["secretRotation"]!["type"]!.GetValue<string>());

        var updated = Json(await RunOkAsync("rotation", "update", rotationId, "--rotation-interval", "7", "--param", "timeoutSeconds=45",
            "--map", "password=OKTA_PASSWORD_V2", "-o", "json"))["secretRotation"]!;
        Assert.Equal(7, updated["rotationInterval"]!.GetValue<int>());
        Assert.Equal(45, updated["parameters"]!["timeoutSeconds"]!.GetValue<int>());
        Assert.Equal("OKTA_PASSWORD_V2", updated["secretsMapping"]!["password"]!.GetValue<string>());
        Assert.Equal("OKTA_FILE", updated["secretsMapping"]!["passwordFile"]!.GetValue<string>());
        Assert.True(_script.Accepts(await SecretAsync(projectId, "OKTA_PASSWORD_V2")));
        var oldName = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "secret", "get", "OKTA_PASSWORD", "--project-id", projectId, "--env", "dev");
        Assert.Equal(1, oldName.ExitCode);

        var before = await SecretAsync(projectId, "OKTA_PASSWORD_V2");
        await RunOkAsync("rotation", "rotate", rotationId);
        var after = await SecretAsync(projectId, "OKTA_PASSWORD_V2");
        Assert.NotEqual(before, after);
        Assert.True(_script.Accepts(after));

        var wrongType = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "rotation", "rotate", rotationId, "--type", "rest-api");
        Assert.Equal(2, wrongType.ExitCode);
        Assert.Contains("is of type script, not rest-api", wrongType.Error);
        Assert.Equal(2, _script.Changes);

        await RunOkAsync("rotation", "delete", rotationId, "--delete-secrets");
        Assert.Empty(Json(await RunOkAsync("rotation", "list", "--project-id", projectId, "-o", "json"))["secretRotations"]!.AsArray());
    }

    [Fact]
    public async Task Connections_ListGetDeleteWithoutApp_CoverEveryApp()
    {
        var azureId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", "cloud", "--tenant-id", Emulator.TenantId,
            "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        var localId = Json(await RunOkAsync("connection", "create", "local", "--name", "here", "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();

        var listed = Json(await RunOkAsync("connection", "list", "-o", "json"))["appConnections"]!.AsArray()
            .Select(c => (c!["id"]!.GetValue<string>(), c["app"]!.GetValue<string>())).ToList();
        Assert.Equal([(azureId, "azure"), (localId, "local")], listed.OrderBy(c => c.Item2));

        Assert.Contains("here", (await RunOkAsync("connection", "get", localId)).Out);
        await RunOkAsync("connection", "delete", localId);
        var gone = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "connection", "get", localId);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("App connection not found", gone.Error);
        Assert.Equal([azureId], Json(await RunOkAsync("connection", "list", "-o", "json"))["appConnections"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }

    private async Task<string> SecretAsync(string projectId, string name) =>
        (await RunOkAsync("secret", "get", name, "--project-id", projectId, "--env", "dev")).Out.Trim();
}
