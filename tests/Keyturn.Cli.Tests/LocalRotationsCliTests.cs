using System.Text.Json.Nodes;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests;

/// <summary>
/// `script` and `rest-api` through the CLI against the real server (in process, real HTTP), with a real bash script in
/// its scripts directory and a real HTTPS password service on 127.0.0.1 it trusts through the extra CA.
/// </summary>
public sealed class LocalRotationsCliTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-cli-local-").FullName;
    private PasswordApi _api = null!;
    private ScriptTarget _script = null!;
    private KeyturnServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _api = await PasswordApi.StartAsync();
        _script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        _server = await KeyturnServerHost.StartAsync(new KeyturnServerOptions
        {
            DataDirectory = Path.Combine(_directory, "data"),
            Urls = ["http://127.0.0.1:0"],
            RootToken = CliRun.Token,
            ScriptsDirectory = _script.ScriptsDirectory,
            OutboundAllow = [$"127.0.0.1:{_api.Port}"],
            ExtraTrustedRoots = [_api.Ca],
            Rotation = new RotationOptions { VerifyTimeout = TimeSpan.FromSeconds(10), VerifyInitialDelay = TimeSpan.FromMilliseconds(100) },
        }.WithLogLeakCheck(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Script_CreateRotateTwiceDelete_MappedPasswordIsTheTargets()
    {
        var (projectId, connectionId) = await ProjectAndConnectionAsync("script");
        await RunOkAsync("secret", "set", ScriptTarget.AdminTokenSecret, _script.AdminToken, "--project-id", projectId, "--env", "dev");

        var rotationId = Json(await RunOkAsync("rotation", "create", "script", "--name", "okta", "--project-id", projectId, "--connection-id", connectionId, "--env", "dev",
            "--param", $"script={ScriptTarget.RotateScript}", "--param", "interpreter=bash", "--param", "user=svc-okta",
            "--param", $"attachedSecrets={ScriptTarget.AdminTokenSecret}", "--param", "outputs=passwordFile", "--param", $"verifyScript={ScriptTarget.VerifyScript}",
            "--param", "timeoutSeconds=20", "--param", "passwordPolicy={\"length\": 24}",
            "--map", "password=OKTA_PASSWORD", "--map", "passwordFile=OKTA_FILE", "-o", "json"))["secretRotation"]!["id"]!.GetValue<string>();
        Assert.True(_script.Accepts(await SecretAsync(projectId, "OKTA_PASSWORD")));
        Assert.Equal(_script.PasswordFile, await SecretAsync(projectId, "OKTA_FILE"));

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var before = await SecretAsync(projectId, "OKTA_PASSWORD");
            await RunOkAsync("rotation", "rotate", rotationId, "--type", "script");
            var after = await SecretAsync(projectId, "OKTA_PASSWORD");
            Assert.NotEqual(before, after);
            Assert.True(_script.Accepts(after));
        }

        await RunOkAsync("rotation", "delete", rotationId, "--type", "script", "--delete-secrets");
        Assert.Equal(3, _script.Changes);
        Assert.Empty(Json(await RunOkAsync("rotation", "list", "--project-id", projectId, "-o", "json"))["secretRotations"]!.AsArray());
    }

    [Fact]
    public async Task RestApi_CreateRotateTwiceDelete_MappedPasswordLogsIn()
    {
        var (projectId, connectionId) = await ProjectAndConnectionAsync("rest");
        await RunOkAsync("secret", "set", "API_TOKEN", _api.AdminToken, "--project-id", projectId, "--env", "dev");
        var request = $$"""{"method": "POST", "url": "{{_api.BaseUrl}}/users/{{"{{username}}"}}/password", "headers": {"Authorization": "Bearer {{"{{secret:API_TOKEN}}"}}"}, "body": "{\"password\": \"{{"{{newPassword}}"}}\"}"}""";
        var verify = $$"""{"url": "{{_api.BaseUrl}}/login", "body": "{\"username\": \"{{"{{username}}"}}\", \"password\": \"{{"{{newPassword}}"}}\"}"}""";

        var rotationId = Json(await RunOkAsync("rotation", "create", "rest-api", "--name", "svc", "--project-id", projectId, "--connection-id", connectionId, "--env", "dev",
            "--param", $"username={PasswordApi.User}", "--param", $"request={request}", "--param", "successStatusCodes=200,204", "--param", $"verify={verify}",
            "--map", "username=SVC_USER", "--map", "password=SVC_PASSWORD", "-o", "json"))["secretRotation"]!["id"]!.GetValue<string>();
        Assert.True(_api.Accepts(await SecretAsync(projectId, "SVC_PASSWORD")));

        foreach (var _ in Enumerable.Range(0, 2))
        {
            await RunOkAsync("rotation", "rotate", rotationId, "--type", "rest-api");
            Assert.True(_api.Accepts(await SecretAsync(projectId, "SVC_PASSWORD")));
        }

        await RunOkAsync("rotation", "delete", rotationId, "--type", "rest-api", "--delete-secrets");
        Assert.Equal(3, _api.Changes);
    }

    [Fact]
    public async Task RestApi_UrlOutsideTheAllowList_OneLineErrorNamingTheFieldAndNothingSent()
    {
        var (projectId, connectionId) = await ProjectAndConnectionAsync("refused");
        var requests = _api.Requests;

        var result = await CliRun.AgainstAsync(_server.Address.AbsoluteUri, "rotation", "create", "rest-api", "--name", "svc", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--param", "request={\"url\": \"https://169.254.169.254/latest\"}", "--map", "password=P");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("parameters.request.url", result.Error);
        Assert.Equal(requests, _api.Requests);
    }

    private async Task<(string ProjectId, string ConnectionId)> ProjectAndConnectionAsync(string prefix)
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", $"{prefix}-{Guid.NewGuid():N}"[..20], "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connection = Json(await RunOkAsync("connection", "create", "local", "--name", $"{prefix}-{Guid.NewGuid():N}"[..20], "-o", "json"))["appConnection"]!;
        Assert.Equal("local", connection["app"]!.GetValue<string>());
        return (projectId, connection["id"]!.GetValue<string>());
    }

    private async Task<string> SecretAsync(string projectId, string name) =>
        (await RunOkAsync("secret", "get", name, "--project-id", projectId, "--env", "dev")).Out.Trim();

    private async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await CliRun.AgainstAsync(_server.Address.AbsoluteUri, args);
        Assert.True(result.ExitCode == 0, $"keyturn {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }

    private static JsonNode Json(CliResult result) => JsonNode.Parse(result.Out)!;
}
