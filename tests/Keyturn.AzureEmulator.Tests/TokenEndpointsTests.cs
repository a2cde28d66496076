using Azure.Core;
using Azure.Identity;
using Microsoft.Identity.Client;
using Keyturn.AzureEmulator.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>The token endpoint as the real Azure.Identity ClientSecretCredential sees it.</summary>
public sealed class TokenEndpointsTests
{
    [Fact]
    public async Task Token_AdminSecret_IssuesBearerToken()
    {
        await using var host = await Emulator.StartAsync();

        var credential = EmulatorClient.Credential(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!);
        var token = await credential.GetTokenAsync(new TokenRequestContext([EmulatorClient.GraphScope]), CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.Token));
        Assert.True(token.ExpiresOn > TimeProvider.System.GetUtcNow().AddMinutes(50));
        // Azure.Identity with DisableInstanceDiscovery makes exactly one request: the token POST, no discovery.
        Assert.Equal(1, host.Control.RequestCount("POST", $"/{host.TenantId}/oauth2/v2.0/token"));
        Assert.Equal(1, host.Control.RequestCount("", ""));
    }

    [Fact]
    public async Task Token_WrongSecret_FailsWithInvalidClientSecret()
    {
        await using var host = await Emulator.StartAsync();

        var credential = EmulatorClient.Credential(host, host.AdminApp.ClientId, "abc8Q~wrong-secret-wrong-secret-wrong-se");
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(
            () => credential.GetTokenAsync(new TokenRequestContext([EmulatorClient.GraphScope]), CancellationToken.None).AsTask());

        AssertEntraError(error, "invalid_client", "AADSTS7000215");
    }

    [Fact]
    public async Task Token_UnknownTenant_FailsWithTenantNotFound()
    {
        await using var host = await Emulator.StartAsync();

        var credential = EmulatorClient.Credential(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!, tenantId: Guid.NewGuid().ToString());
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(
            () => credential.GetTokenAsync(new TokenRequestContext([EmulatorClient.GraphScope]), CancellationToken.None).AsTask());

        AssertEntraError(error, "invalid_request", "AADSTS90002");
    }

    [Fact]
    public async Task Token_UnknownClient_FailsWithApplicationNotFound()
    {
        await using var host = await Emulator.StartAsync();

        var credential = EmulatorClient.Credential(host, Guid.NewGuid().ToString(), host.AdminApp.InitialSecret!);
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(
            () => credential.GetTokenAsync(new TokenRequestContext([EmulatorClient.GraphScope]), CancellationToken.None).AsTask());

        AssertEntraError(error, "unauthorized_client", "AADSTS700016");
    }

    [Fact]
    public async Task Token_ExpiredSecret_FailsWithExpiredKeys()
    {
        var clock = FakeClock.StartingNow();
        await using var host = await Emulator.StartAsync(o => o.TimeProvider = clock);
        var secret = host.Control.AddPassword(host.TargetApp.ObjectId, "short", clock.GetUtcNow().AddHours(1));
        clock.Advance(TimeSpan.FromHours(2));

        var credential = EmulatorClient.Credential(host, host.TargetApp.ClientId, secret);
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(
            () => credential.GetTokenAsync(new TokenRequestContext([EmulatorClient.GraphScope]), CancellationToken.None).AsTask());

        AssertEntraError(error, "invalid_client", "AADSTS7000222");
    }

    [Fact]
    public async Task Token_RawFormPost_ReturnsEntraShapedBodies()
    {
        await using var host = await Emulator.StartAsync();
        using var http = new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate)) { BaseAddress = host.AuthorityHost };

        using var ok = await http.PostAsync($"{host.TenantId}/oauth2/v2.0/token", Form(host.AdminApp.ClientId, host.AdminApp.InitialSecret!));
        using var bad = await http.PostAsync($"{host.TenantId}/oauth2/v2.0/token", Form(host.AdminApp.ClientId, "nope"));

        var body = await EmulatorClient.JsonAsync(ok);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3599, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(3599, body.GetProperty("ext_expires_in").GetInt32());
        Assert.Equal(401, (int)bad.StatusCode);
        var error = await EmulatorClient.JsonAsync(bad);
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
        Assert.Equal(7000215, error.GetProperty("error_codes")[0].GetInt32());
        Assert.StartsWith("AADSTS7000215:", error.GetProperty("error_description").GetString());
        Assert.True(error.TryGetProperty("trace_id", out _));
        Assert.True(error.TryGetProperty("correlation_id", out _));
        Assert.True(error.TryGetProperty("timestamp", out _));
        // Entra writes quotes literally ("app '...'"), not as \u0027; clients grepping logs rely on that.
        Assert.Contains($"app '{host.AdminApp.ClientId}'", await bad.Content.ReadAsStringAsync());
    }

    // Azure.Identity wraps MSAL's exception; the AADSTS text lives in the inner MsalServiceException.
    private static void AssertEntraError(AuthenticationFailedException error, string oauthError, string aadsts)
    {
        var msal = Assert.IsType<MsalServiceException>(error.InnerException);
        Assert.Equal(oauthError, msal.ErrorCode);
        Assert.Contains(aadsts, msal.Message);
        Assert.Contains(aadsts, error.ToString());
    }

    private static FormUrlEncodedContent Form(string clientId, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
        ["scope"] = EmulatorClient.GraphScope,
    });
}
