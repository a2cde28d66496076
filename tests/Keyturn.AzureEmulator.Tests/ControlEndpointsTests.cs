using System.Net;
using System.Net.Http.Json;
using Keyturn.AzureEmulator.Tests.Support;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>The control API over HTTP under /_emulator/.</summary>
public sealed class ControlEndpointsTests
{
    [Fact]
    public async Task Applications_CreateAddListDelete_RoundTrips()
    {
        await using var host = await Emulator.StartAsync();
        using var http = Client(host);

        using var created = await http.PostAsJsonAsync("_emulator/applications", new { displayName = "svc", appRoles = new[] { "Application.ReadWrite.OwnedBy" }, ownerObjectIds = Array.Empty<string>(), withInitialSecret = true });
        var app = await created.Content.ReadFromJsonAsync<EmulatedApp>();
        using var added = await http.PostAsJsonAsync($"_emulator/applications/{app!.ObjectId}/passwords", new { displayName = "extra" });
        var addedBody = await EmulatorClient.JsonAsync(added);
        var keyId = addedBody.GetProperty("keyId").GetGuid();
        var listed = await http.GetFromJsonAsync<List<PasswordCredentialInfo>>($"_emulator/applications/{app.ObjectId}/passwords");
        using var deleted = await http.DeleteAsync($"_emulator/applications/{app.ObjectId}/passwords/{keyId}");
        using var deletedAgain = await http.DeleteAsync($"_emulator/applications/{app.ObjectId}/passwords/{keyId}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(app.InitialSecret);
        Assert.Equal(2, listed!.Count);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Single(host.Control.ListPasswords(app.ObjectId));
    }

    [Fact]
    public async Task Authenticates_PropagationDelayAndFaults_ControlledOverHttp()
    {
        await using var host = await Emulator.StartAsync();
        using var http = Client(host);

        using var delay = await http.PutAsJsonAsync("_emulator/propagation-delay", new { seconds = 12.5 });
        using var fault = await http.PostAsJsonAsync("_emulator/faults", new { method = "GET", pathContains = "/v1.0/", statusCode = 503, retryAfterSeconds = 1, times = 2 });
        var good = await (await http.PostAsJsonAsync("_emulator/authenticates", new { clientId = host.AdminApp.ClientId, secret = host.AdminApp.InitialSecret })).Content.ReadFromJsonAsync<AuthenticatesResponse>();
        var bad = await (await http.PostAsJsonAsync("_emulator/authenticates", new { clientId = host.AdminApp.ClientId, secret = "nope" })).Content.ReadFromJsonAsync<AuthenticatesResponse>();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        using var first = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");
        var count = await http.GetFromJsonAsync<CountResponse>("_emulator/requests?method=GET&pathContains=/v1.0/applications");
        using var cleared = await http.DeleteAsync("_emulator/faults");
        using var after = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");

        Assert.Equal(HttpStatusCode.NoContent, delay.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(12.5), host.Control.PropagationDelay);
        Assert.Equal(HttpStatusCode.NoContent, fault.StatusCode);
        Assert.True(good!.Authenticates);
        Assert.False(bad!.Authenticates);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(1, count!.Count);
        Assert.Equal(1, count.MaxInFlight);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Info_Get_ListsAppsWithoutSecretsExceptAdmin()
    {
        await using var host = await Emulator.StartAsync();
        using var http = Client(host);

        var info = await EmulatorClient.JsonAsync(await http.GetAsync("_emulator/info"));

        Assert.Equal(host.TenantId, info.GetProperty("tenantId").GetString());
        Assert.Equal(host.BaseUri.ToString(), info.GetProperty("authorityHost").GetString());
        Assert.Equal(host.CaCertificatePath, info.GetProperty("caCertificatePath").GetString());
        Assert.Equal(host.AdminApp.InitialSecret, info.GetProperty("adminApp").GetProperty("initialSecret").GetString());
        Assert.All(info.GetProperty("applications").EnumerateArray(), a => Assert.Equal(System.Text.Json.JsonValueKind.Null, a.GetProperty("initialSecret").ValueKind));
        Assert.DoesNotContain(host.TargetApp.InitialSecret!, info.GetRawText());
    }

    private static HttpClient Client(AzureEmulatorHost host) => new(EmulatorTrust.CreateHandler(host.CaCertificate)) { BaseAddress = host.BaseUri };

    private sealed record AuthenticatesResponse(bool Authenticates);

    private sealed record CountResponse(int Count, int MaxInFlight);
}
