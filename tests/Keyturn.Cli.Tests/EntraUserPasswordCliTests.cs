using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Tests;

/// <summary>azure-entra-user-password through the generic `rotation create TYPE` against the real server and emulator.</summary>
public sealed class EntraUserPasswordCliTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-cli-").FullName;
    private AzureEmulatorHost _emulator = null!;
    private KeyturnServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);
        _server = await KeyturnServerHost.StartAsync(new KeyturnServerOptions
        {
            DataDirectory = _directory,
            Urls = ["http://127.0.0.1:0"],
            RootToken = CliRun.Token,
            ExtraTrustedRoots = [_emulator.CaCertificate],
            Rotation = new RotationOptions { VerifyTimeout = TimeSpan.FromSeconds(20), VerifyInitialDelay = TimeSpan.FromMilliseconds(100) },
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RotationCreateRotateTwiceDelete_MappedPasswordSignsIn()
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", "cli-users", "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(_emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", "cli-users-azure", "--tenant-id", _emulator.TenantId,
            "--client-id", _emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", _emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", _emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        var user = _emulator.NormalUser;

        var rotation = Json(await RunOkAsync("rotation", "create", "azure-entra-user-password", "--name", "cli-user", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--param", $"userId={user.ObjectId}", "--param", $"verifyClientId={_emulator.PublicClientApp.ClientId}",
            "--map", "username=AD_USER", "--map", "password=AD_PASSWORD", "-o", "json"))["secretRotation"]!;
        var rotationId = rotation["id"]!.GetValue<string>();

        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(user.UserPrincipalName, await SecretAsync(projectId, "AD_USER"));
        var password = await AssertSignsInAsync(projectId, user, user.InitialPassword!);
        for (var i = 0; i < 2; i++)
        {
            await RunOkAsync("rotation", "rotate", rotationId, "--type", "azure-entra-user-password");
            password = await AssertSignsInAsync(projectId, user, password);
        }

        await RunOkAsync("rotation", "delete", rotationId, "--type", "azure-entra-user-password", "--delete-secrets");
        Assert.Empty(Json(await RunOkAsync("rotation", "list", "--project-id", projectId, "-o", "json"))["secretRotations"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(user.UserPrincipalName, password));
    }

    [Fact]
    public async Task RotationTypes_AgainstTheServer_ListsEntraUserPassword()
    {
        var table = (await RunOkAsync("rotation", "types")).Out;

        Assert.Contains("azure-entra-user-password", table);
        Assert.Contains("userId (string), [passwordPolicy (object)], [verifyClientId (guid)]", table);
    }

    /// <summary>The mapped password signs in with a real password grant, and the one before it no longer does.</summary>
    private async Task<string> AssertSignsInAsync(string projectId, EmulatedUser user, string previous)
    {
        var mapped = await SecretAsync(projectId, "AD_PASSWORD");
        Assert.NotEqual(previous, mapped);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(user.UserPrincipalName, mapped));
        Assert.Equal(HttpStatusCode.BadRequest, await SignInAsync(user.UserPrincipalName, previous));
        return mapped;
    }

    private async Task<HttpStatusCode> SignInAsync(string username, string password)
    {
        using var http = new HttpClient(EmulatorTrust.CreateHandler(_emulator.CaCertificate));
        using var response = await http.PostAsync(new Uri(_emulator.AuthorityHost, $"{_emulator.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = _emulator.PublicClientApp.ClientId,
            ["username"] = username,
            ["password"] = password,
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        return response.StatusCode;
    }

    private async Task<string> SecretAsync(string projectId, string key) =>
        (await RunOkAsync("secret", "get", key, "--project-id", projectId, "--env", "dev")).Out.Trim();

    private Task<CliResult> RunOkAsync(params string[] args) => RunAsync("", args);

    private async Task<CliResult> RunAsync(string stdin, params string[] args)
    {
        var result = await CliRun.RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = _server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token }, stdin);
        Assert.True(result.ExitCode == 0, $"keyturn {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }

    private static JsonNode Json(CliResult result) => JsonNode.Parse(result.Out)!;
}
