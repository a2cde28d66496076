using Keyturn.AzureEmulator.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>The token endpoint's password grant (ROPC): public clients, Entra's refusals, and replication of a reset password.</summary>
public sealed class PasswordGrantTests
{
    [Fact]
    public async Task PasswordGrant_PublicClientAndRightPassword_IssuesToken()
    {
        await using var host = await Emulator.StartAsync();
        var user = host.NormalUser;

        var (status, body) = await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, user.UserPrincipalName, user.InitialPassword!);

        Assert.Equal(200, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task PasswordGrant_WrongPassword_IsInvalidGrant50126()
    {
        await using var host = await Emulator.StartAsync();

        var (status, body) = await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, host.NormalUser.UserPrincipalName, "Wrong-Password-1");

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS50126: Error validating credentials due to invalid username or password.", PasswordGrant.Description(body));
    }

    [Fact]
    public async Task PasswordGrant_UnknownUser_IsInvalidGrant50034()
    {
        await using var host = await Emulator.StartAsync();

        var (status, body) = await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, "ghost@keyturn.onmicrosoft.com", "Whatever-1");

        Assert.Equal(400, status);
        Assert.StartsWith("AADSTS50034:", PasswordGrant.Description(body));
    }

    [Fact]
    public async Task PasswordGrant_ConfidentialClientWithoutSecret_Is7000218()
    {
        await using var host = await Emulator.StartAsync();

        var (status, body) = await PasswordGrant.RequestAsync(host, host.TargetApp.ClientId, host.NormalUser.UserPrincipalName, host.NormalUser.InitialPassword!);

        Assert.Equal(401, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", PasswordGrant.Description(body));
    }

    [Fact]
    public async Task PasswordGrant_ConfidentialClientWithItsSecret_IssuesToken()
    {
        await using var host = await Emulator.StartAsync();

        var (status, _) = await PasswordGrant.RequestAsync(host, host.TargetApp.ClientId, host.NormalUser.UserPrincipalName, host.NormalUser.InitialPassword!,
            clientSecret: host.TargetApp.InitialSecret);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task PasswordGrant_MissingUsername_NamesTheParameter()
    {
        await using var host = await Emulator.StartAsync();

        var (status, body) = await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, "", "x");

        Assert.Equal(400, status);
        Assert.Contains("'username'", PasswordGrant.Description(body));
    }

    [Fact]
    public async Task PasswordGrant_ResetPropagating_OldPasswordWorksUntilTheDelayPasses()
    {
        var clock = FakeClock.StartingNow();
        await using var host = await Emulator.StartAsync(o => o.TimeProvider = clock);
        host.Control.PasswordPropagationDelay = TimeSpan.FromSeconds(30);
        var user = host.NormalUser;
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        (await graph.PatchAsync($"users/{user.ObjectId}", UserEndpointsTests.PasswordBody("New-Password-9"))).EnsureSuccessStatusCode();

        Assert.Equal(400, (await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, user.UserPrincipalName, "New-Password-9")).Status);
        Assert.Equal(200, (await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, user.UserPrincipalName, user.InitialPassword!)).Status);
        Assert.True(host.Control.HasPassword(user.ObjectId, "New-Password-9"));

        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(200, (await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, user.UserPrincipalName, "New-Password-9")).Status);
        Assert.Equal(400, (await PasswordGrant.RequestAsync(host, host.PublicClientApp.ClientId, user.UserPrincipalName, user.InitialPassword!)).Status);
    }
}
