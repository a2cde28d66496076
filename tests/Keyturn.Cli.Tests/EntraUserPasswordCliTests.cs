using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Tests;

/// <summary>azure-entra-user-password through the generic `rotation create TYPE` against the real server and emulator.</summary>
public sealed class EntraUserPasswordCliTests : AgainstServer
{
    [Fact]
    public async Task RotationCreateRotateTwiceDelete_MappedPasswordSignsIn()
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", "cli-users", "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", "cli-users-azure", "--tenant-id", Emulator.TenantId,
            "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        var user = Emulator.NormalUser;

        var rotation = Json(await RunOkAsync("rotation", "create", "azure-entra-user-password", "--name", "cli-user", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--param", $"userId={user.ObjectId}", "--param", $"verifyClientId={Emulator.PublicClientApp.ClientId}",
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
        using var http = new HttpClient(EmulatorTrust.CreateHandler(Emulator.CaCertificate));
        using var response = await http.PostAsync(new Uri(Emulator.AuthorityHost, $"{Emulator.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = Emulator.PublicClientApp.ClientId,
            ["username"] = username,
            ["password"] = password,
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        return response.StatusCode;
    }

    private async Task<string> SecretAsync(string projectId, string key) =>
        (await RunOkAsync("secret", "get", key, "--project-id", projectId, "--env", "dev")).Out.Trim();
}
