using System.Net;
using System.Net.Http.Json;
using Keyturn.AzureEmulator.Tests.Support;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>Graph v1.0 users through a real bearer token: reads, password resets, and Graph's refusals.</summary>
public sealed class UserEndpointsTests
{
    public static JsonContent PasswordBody(string password) =>
        JsonContent.Create(new { passwordProfile = new { password, forceChangePasswordNextSignIn = false } });

    [Fact]
    public async Task GetUser_ByIdOrUserPrincipalName_ReturnsTheUser()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var user = host.NormalUser;

        var byId = await EmulatorClient.JsonAsync(await graph.GetAsync($"users/{user.ObjectId}"));
        var byName = await EmulatorClient.JsonAsync(await graph.GetAsync($"users/{Uri.EscapeDataString(user.UserPrincipalName)}"));

        Assert.Equal(user.ObjectId, byId.GetProperty("id").GetString());
        Assert.Equal("alex@keyturn.onmicrosoft.com", byId.GetProperty("userPrincipalName").GetString());
        Assert.True(byId.GetProperty("accountEnabled").GetBoolean());
        Assert.Equal(user.ObjectId, byName.GetProperty("id").GetString());
    }

    [Fact]
    public async Task GetUser_Unknown_Is404ResourceNotFound()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        var response = await graph.GetAsync($"users/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Request_ResourceNotFound", await EmulatorClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task GetUser_TokenForAnotherAudience_Is401()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = EmulatorClient.Unauthenticated(host);
        graph.DefaultRequestHeaders.Authorization = new("Bearer",
            await EmulatorClient.TokenAsync(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!, "https://management.azure.com/.default"));

        var response = await graph.GetAsync($"users/{host.NormalUser.ObjectId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", await EmulatorClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task PatchPassword_NormalUserByAdmin_Is204AndChangesSignIn()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var user = host.NormalUser;

        var response = await graph.PatchAsync($"users/{user.ObjectId}", PasswordBody("Fresh-Password-42"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(host.Control.SignsIn(user.UserPrincipalName, "Fresh-Password-42"));
        Assert.False(host.Control.SignsIn(user.UserPrincipalName, user.InitialPassword!));
    }

    [Fact]
    public async Task PatchPassword_PrivilegedUserByAdmin_Is403AndChangesNothing()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var user = host.PrivilegedUser;

        var response = await graph.PatchAsync($"users/{user.ObjectId}", PasswordBody("Fresh-Password-42"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Authorization_RequestDenied", await EmulatorClient.ErrorCodeAsync(response));
        Assert.True(host.Control.SignsIn(user.UserPrincipalName, user.InitialPassword!));
    }

    [Fact]
    public async Task PatchPassword_PrivilegedUserByPrivilegedCaller_Is204()
    {
        await using var host = await Emulator.StartAsync();
        var caller = host.Control.CreateApplication("global-admin", ["User-PasswordProfile.ReadWrite.All", "Global Administrator"], [], withInitialSecret: true);
        using var graph = await EmulatorClient.GraphAsync(host, caller.ClientId, caller.InitialSecret!);

        var response = await graph.PatchAsync($"users/{host.PrivilegedUser.ObjectId}", PasswordBody("Fresh-Password-42"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("User.Read.All")]
    [InlineData("User-PasswordProfile.ReadWrite.All")]
    public async Task PatchPassword_PermissionOrRoleMissing_Is403(string onlyGrant)
    {
        await using var host = await Emulator.StartAsync();
        var caller = host.Control.CreateApplication("half-rights", [onlyGrant], [], withInitialSecret: true);
        using var graph = await EmulatorClient.GraphAsync(host, caller.ClientId, caller.InitialSecret!);

        var response = await graph.PatchAsync($"users/{host.NormalUser.ObjectId}", PasswordBody("Fresh-Password-42"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(host.Control.SignsIn(host.NormalUser.UserPrincipalName, host.NormalUser.InitialPassword!));
    }

    [Theory]
    [InlineData("Short-1")]
    [InlineData("onlylowercaseletters")]
    [InlineData("lowercase-and-symbols!")]
    [InlineData("Ünïcödé-Password-1")]
    public async Task PatchPassword_ComplexityNotMet_Is400WithGraphsMessage(string password)
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        var response = await graph.PatchAsync($"users/{host.NormalUser.ObjectId}", PasswordBody(password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The specified password does not comply with password complexity requirements. Please provide a different password.",
            (await EmulatorClient.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
        Assert.True(host.Control.SignsIn(host.NormalUser.UserPrincipalName, host.NormalUser.InitialPassword!));
    }

    [Fact]
    public async Task PatchPassword_UnsupportedBody_Is400()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        var response = await graph.PatchAsync($"users/{host.NormalUser.ObjectId}", JsonContent.Create(new { displayName = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Users_StateDirectory_SurviveARestart()
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-emulator-test-").FullName;
        try
        {
            EmulatedUser added, normal;
            EmulatedApp publicClient;
            await using (var first = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions { StateDirectory = directory }, CancellationToken.None))
            {
                added = first.Control.CreateUser("kim", privileged: true);
                normal = first.NormalUser;
                publicClient = first.PublicClientApp;
                using var graph = await EmulatorClient.AdminGraphAsync(first);
                (await graph.PatchAsync($"users/{normal.ObjectId}", PasswordBody("Kept-Password-7"))).EnsureSuccessStatusCode();
            }

            await using var second = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions { StateDirectory = directory }, CancellationToken.None);

            Assert.Equal(normal, second.NormalUser);
            Assert.Equal(publicClient, second.PublicClientApp);
            Assert.Equal(added, second.Control.FindUser("kim@keyturn.onmicrosoft.com"));
            Assert.True(second.Control.SignsIn(normal.UserPrincipalName, "Kept-Password-7"));
            Assert.Equal(200, (await PasswordGrant.RequestAsync(second, publicClient.ClientId, added.UserPrincipalName, added.InitialPassword!)).Status);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ControlEndpoints_Users_CreateSignInAndPropagationDelay()
    {
        await using var host = await Emulator.StartAsync();
        using var http = new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate)) { BaseAddress = host.BaseUri };

        var created = await (await http.PostAsJsonAsync("_emulator/users", new { name = "sam" })).Content.ReadFromJsonAsync<EmulatedUser>();
        var signsIn = await (await http.PostAsJsonAsync("_emulator/signs-in", new { username = created!.UserPrincipalName, password = created.InitialPassword })).Content.ReadFromJsonAsync<Dictionary<string, bool>>();
        var delay = await http.PutAsJsonAsync("_emulator/password-propagation-delay", new { seconds = 5 });
        var seeds = await EmulatorClient.JsonAsync(await http.GetAsync("_emulator/users"));

        Assert.Equal("sam@keyturn.onmicrosoft.com", created.UserPrincipalName);
        Assert.True(signsIn!["signsIn"]);
        Assert.Equal(HttpStatusCode.NoContent, delay.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), host.Control.PasswordPropagationDelay);
        Assert.Equal(host.PublicClientApp.ClientId, seeds.GetProperty("publicClient").GetProperty("clientId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync("_emulator/users", new { name = "sam" })).StatusCode);
    }
}
