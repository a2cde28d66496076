using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// Reconcile of an in-place, engine-generated type: the stored password is verified once by a real password-grant
/// sign-in. A password an administrator reset outside Keyturn is reported as changed; without a verifying client the
/// check is impossible and says so. The server's clock is fake, so the credential is past its propagation window.
/// </summary>
public sealed class EntraUserPasswordReconcileTests
{
    private const string Path = EntraUserScenario.RotationsPath;

    private readonly FakeTimeProvider _clock = FakeClock.StartingNow();

    [Fact]
    public async Task Reconcile_PasswordResetOutsideKeyturn_ReportsChangedAndUncheckableWithoutAVerifyingClient()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var user = server.Emulator.Control.CreateUser($"u{Guid.NewGuid():N}"[..12]);
        var verified = await CreateAsync(server, projectId, connectionId, new { userId = user.ObjectId, verifyClientId = server.Emulator.PublicClientApp.ClientId }, "/");
        var other = server.Emulator.Control.CreateUser($"u{Guid.NewGuid():N}"[..12]);
        var unverified = await CreateAsync(server, projectId, connectionId, new { userId = other.ObjectId }, "/other");
        _clock.Advance(TimeSpan.FromHours(1));

        var clean = (await server.Api.PostAsync($"{Path}/{verified}/reconcile", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        const string resetByAdmin = "Reset-by-an-admin-42!";
        await ResetPasswordAsync(server.Emulator, user.ObjectId, resetByAdmin);
        var changed = (await server.Api.PostAsync($"{Path}/{verified}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK);
        var uncheckable = (await server.Api.PostAsync($"{Path}/{unverified}/reconcile", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;

        Assert.Empty(clean["findings"]!.AsArray());
        var finding = Assert.Single(changed.Body["reconcile"]!["findings"]!.AsArray())!;
        Assert.Equal("changed", finding["kind"]!.GetValue<string>());
        Assert.Equal(user.ObjectId, finding["credentialId"]!.GetValue<string>());
        Assert.Equal("rotation-scheduled", finding["action"]!.GetValue<string>());
        // The server's clock is the fake one, cut to storage precision.
        var checkedAt = changed.Body["reconcile"]!["checkedAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(checkedAt, _clock.GetUtcNow().AddMilliseconds(-1), _clock.GetUtcNow());
        Assert.Equal(checkedAt, changed.Body["reconcile"]!["nextRotationAt"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain(resetByAdmin, changed.Text);
        // One sign-in per reconcile, no retries that could lock the account; the admin's password is left alone.
        Assert.True(server.Emulator.Control.SignsIn(user.UserPrincipalName, resetByAdmin));
        var note = Assert.Single(uncheckable["findings"]!.AsArray())!;
        Assert.Equal("unchecked", note["kind"]!.GetValue<string>());
        Assert.Equal("reported", note["action"]!.GetValue<string>());
    }

    private static async Task<string> CreateAsync(TestServer server, string projectId, string connectionId, object parameters, string secretPath)
    {
        var body = EntraUserScenario.RotationBody(projectId, connectionId, parameters);
        body["secretPath"] = secretPath;
        return (await server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
    }

    /// <summary>An administrator resets the password through Graph (PATCH /users/{id}), as in the portal.</summary>
    private static async Task ResetPasswordAsync(AzureEmulatorHost emulator, string userId, string password)
    {
        using var http = new HttpClient(EmulatorTrust.CreateHandler(emulator.CaCertificate));
        using var tokenResponse = await http.PostAsync(new Uri(emulator.AuthorityHost, $"{emulator.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = emulator.AdminApp.ClientId,
            ["client_secret"] = emulator.AdminApp.InitialSecret!,
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        var token = JsonNode.Parse(await tokenResponse.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(emulator.GraphEndpoint, $"v1.0/users/{userId}"))
        {
            Content = JsonContent.Create(new { passwordProfile = new { password, forceChangePasswordNextSignIn = false } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"the reset was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
