using System.Net;
using System.Text.RegularExpressions;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.Errors;

/// <summary>
/// Errors in the provider's words, through the running server: Entra's refusal leads the detail with its code, once
/// and whole; a provider that cannot be reached at all is a 502 naming why.
/// </summary>
public sealed class ProviderErrorAnswersTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/api/v1/app-connections/azure";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task CreateConnection_WrongClientSecret_DetailStartsWithEntrasCodeOnceAndWhole()
    {
        const string wrong = "Wrong~Secret~Value~0123456789abcdefXYZ";

        var response = (await Server.Api.PostAsync(Path, Scenario.ConnectionBody(Server.Emulator, secret: wrong))).ShouldBe(HttpStatusCode.BadRequest);

        var detail = response.Body["detail"]!.GetValue<string>();
        Assert.True(detail.StartsWith("AADSTS7000215: Invalid client secret provided.", StringComparison.Ordinal), detail);
        // Once in the whole answer, not only in the detail: the field error names the rule instead of repeating it.
        Assert.True(Regex.Count(response.Text, Regex.Escape("AADSTS7000215")) == 1, response.Text);
        Assert.True(Regex.Count(response.Text, Regex.Escape("Invalid client secret provided")) == 1, response.Text);
        // Entra's explanation ends with the app id in quotes and a full stop; a mid-word cut would lose it.
        Assert.Contains($"for a secret added to app '{Server.Emulator.AdminApp.ClientId}'.", detail);
        Assert.DoesNotContain("…", detail);
        Assert.DoesNotContain(wrong, response.Text);
    }

    [Fact]
    public async Task CreateConnection_AuthorityAtAClosedPort_Is502NamingRefused()
    {
        var port = LoopbackPorts.Unused();
        var body = new
        {
            name = $"c-{Guid.NewGuid():N}"[..20],
            method = "client-secret",
            credentials = new { tenantId = Server.Emulator.TenantId, clientId = Server.Emulator.AdminApp.ClientId, clientSecret = Server.Emulator.AdminApp.InitialSecret },
            endpoints = new { authorityHost = $"https://127.0.0.1:{port}/", graph = Server.Emulator.GraphEndpoint.AbsoluteUri },
        };

        var response = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadGateway);

        var detail = response.Body["detail"]!.GetValue<string>();
        Assert.True(detail.StartsWith("Connection refused: ", StringComparison.Ordinal), detail);
        Assert.Contains($"127.0.0.1:{port}", detail);
        Assert.True(Regex.Count(detail, Regex.Escape("Connection refused")) == 1, detail);
        Assert.Equal("The provider could not be reached", response.Body["title"]!.GetValue<string>());
        Assert.DoesNotContain(Server.Emulator.AdminApp.InitialSecret!, response.Text);
    }
}
