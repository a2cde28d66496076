using System.Net;
using System.Net.Http.Json;
using Keyturn.AzureEmulator.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>Graph v1.0 application endpoints, called with tokens from the real Azure.Identity.</summary>
public sealed class GraphEndpointsTests
{
    [Fact]
    public async Task GetApplication_ByObjectIdAppIdAndFilter_ReturnsSameApp()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var target = host.TargetApp;

        var byId = await EmulatorClient.JsonAsync(await graph.GetAsync($"applications/{target.ObjectId}"));
        var byAppId = await EmulatorClient.JsonAsync(await graph.GetAsync($"applications(appId='{target.ClientId}')"));
        var filtered = await EmulatorClient.JsonAsync(await graph.GetAsync($"applications?$filter=appId eq '{target.ClientId}'"));

        Assert.Equal(target.ObjectId, byId.GetProperty("id").GetString());
        Assert.Equal(target.ClientId, byId.GetProperty("appId").GetString());
        Assert.Equal(target.ObjectId, byAppId.GetProperty("id").GetString());
        Assert.Equal(target.ObjectId, Assert.Single(filtered.GetProperty("value").EnumerateArray()).GetProperty("id").GetString());
        var credential = Assert.Single(byId.GetProperty("passwordCredentials").EnumerateArray());
        Assert.Equal("manual", credential.GetProperty("displayName").GetString());
        Assert.Equal(target.InitialSecret![..3], credential.GetProperty("hint").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, credential.GetProperty("secretText").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, credential.GetProperty("customKeyIdentifier").ValueKind);
    }

    [Fact]
    public async Task GetApplication_WithoutToken_Returns401InvalidAuthenticationToken()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = EmulatorClient.Unauthenticated(host);

        using var response = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await EmulatorClient.JsonAsync(response)).GetProperty("error");
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        var inner = error.GetProperty("innerError");
        Assert.True(inner.TryGetProperty("date", out _));
        Assert.True(inner.TryGetProperty("request-id", out _));
        Assert.True(inner.TryGetProperty("client-request-id", out _));
    }

    [Fact]
    public async Task GetApplication_TokenForOtherResource_Returns401()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = EmulatorClient.Unauthenticated(host);
        var armToken = await EmulatorClient.TokenAsync(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!, "https://management.azure.com/.default");
        graph.DefaultRequestHeaders.Authorization = new("Bearer", armToken);

        using var response = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetApplication_UnknownApp_Returns404ResourceNotFound()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        using var response = await graph.GetAsync($"applications/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Request_ResourceNotFound", await EmulatorClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task AddPassword_AsAdmin_NewSecretAuthenticates()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        using var response = await graph.PostAsJsonAsync(
            $"applications/{host.TargetApp.ObjectId}/addPassword", new { passwordCredential = new { displayName = "keyturn-job-1" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await EmulatorClient.JsonAsync(response);
        var secret = body.GetProperty("secretText").GetString()!;
        Assert.Equal(40, secret.Length);
        Assert.Equal("8Q~", secret[3..6]);
        Assert.Equal(secret[..3], body.GetProperty("hint").GetString());
        Assert.Equal("keyturn-job-1", body.GetProperty("displayName").GetString());
        var start = body.GetProperty("startDateTime").GetDateTimeOffset();
        var end = body.GetProperty("endDateTime").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromDays(730), end - start);
        Assert.NotEmpty(await EmulatorClient.TokenAsync(host, host.TargetApp.ClientId, secret));
        Assert.Equal(2, host.Control.ListPasswords(host.TargetApp.ObjectId).Count);
    }

    [Fact]
    public async Task AddPassword_WithPropagationDelay_RejectedUntilDelayPassed()
    {
        var clock = FakeClock.StartingNow();
        var delay = TimeSpan.FromSeconds(2);
        await using var host = await Emulator.StartAsync(o =>
        {
            o.PropagationDelay = delay;
            o.TimeProvider = clock;
        });
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        using var response = await graph.PostAsJsonAsync($"applications/{host.TargetApp.ObjectId}/addPassword", new { passwordCredential = new { } });
        var secret = (await EmulatorClient.JsonAsync(response)).GetProperty("secretText").GetString()!;

        Assert.False(host.Control.Authenticates(host.TargetApp.ClientId, secret));
        await Assert.ThrowsAsync<Azure.Identity.AuthenticationFailedException>(() => EmulatorClient.TokenAsync(host, host.TargetApp.ClientId, secret));
        clock.Advance(delay - TimeSpan.FromTicks(1));
        Assert.False(host.Control.Authenticates(host.TargetApp.ClientId, secret), "one tick before the delay has passed");
        await Assert.ThrowsAsync<Azure.Identity.AuthenticationFailedException>(() => EmulatorClient.TokenAsync(host, host.TargetApp.ClientId, secret));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(host.Control.Authenticates(host.TargetApp.ClientId, secret));
        Assert.NotEmpty(await EmulatorClient.TokenAsync(host, host.TargetApp.ClientId, secret));
    }

    [Fact]
    public async Task RemovePassword_ExistingKey_Returns204AndSecretStopsWorking()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var keyId = Assert.Single(host.Control.ListPasswords(host.TargetApp.ObjectId)).KeyId;

        using var response = await graph.PostAsJsonAsync($"applications/{host.TargetApp.ObjectId}/removePassword", new { keyId });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(host.Control.ListPasswords(host.TargetApp.ObjectId));
        Assert.False(host.Control.Authenticates(host.TargetApp.ClientId, host.TargetApp.InitialSecret!));
    }

    [Fact]
    public async Task RemovePassword_UnknownKey_Returns400NoPasswordCredentialFound()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var keyId = Guid.NewGuid();

        using var response = await graph.PostAsJsonAsync($"applications(appId='{host.TargetApp.ClientId}')/removePassword", new { keyId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await EmulatorClient.JsonAsync(response)).GetProperty("error");
        Assert.Equal("Request_BadRequest", error.GetProperty("code").GetString());
        Assert.Contains($"No password credential found with keyId {keyId}", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AddPassword_CallerWithoutRights_Returns403()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.GraphAsync(host, host.TargetApp.ClientId, host.TargetApp.InitialSecret!);

        using var response = await graph.PostAsJsonAsync($"applications/{host.TargetApp.ObjectId}/addPassword", new { passwordCredential = new { } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = (await EmulatorClient.JsonAsync(response)).GetProperty("error");
        Assert.Equal("Authorization_RequestDenied", error.GetProperty("code").GetString());
        Assert.Equal("Insufficient privileges to complete the operation.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AddPassword_OwnedByNonOwner_Returns403()
    {
        await using var host = await Emulator.StartAsync();
        var rotator = host.Control.CreateApplication("rotator", ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        using var graph = await EmulatorClient.GraphAsync(host, rotator.ClientId, rotator.InitialSecret!);

        using var write = await graph.PostAsJsonAsync($"applications/{host.TargetApp.ObjectId}/addPassword", new { passwordCredential = new { } });
        using var read = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task AddPassword_OwnedByOwner_Succeeds()
    {
        await using var host = await Emulator.StartAsync();
        var rotator = host.Control.CreateApplication("rotator", ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        var owned = host.Control.CreateApplication("owned", [], [rotator.ObjectId], withInitialSecret: false);
        using var graph = await EmulatorClient.GraphAsync(host, rotator.ClientId, rotator.InitialSecret!);

        using var write = await graph.PostAsJsonAsync($"applications/{owned.ObjectId}/addPassword", new { passwordCredential = new { displayName = "rotated" } });
        using var list = await graph.GetAsync("applications");

        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        var visible = (await EmulatorClient.JsonAsync(list)).GetProperty("value").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal([owned.ObjectId], visible);
    }

    [Fact]
    public async Task AddPassword_AtCredentialLimit_Returns400ResourceSizeExceeded()
    {
        await using var host = await Emulator.StartAsync(o => o.MaxPasswordCredentialsPerApp = 2);
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var path = $"applications/{host.TargetApp.ObjectId}/addPassword";

        using var second = await graph.PostAsJsonAsync(path, new { passwordCredential = new { } });
        using var third = await graph.PostAsJsonAsync(path, new { passwordCredential = new { } });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Equal("Directory_ResourceSizeExceeded", await EmulatorClient.ErrorCodeAsync(third));
    }
}
