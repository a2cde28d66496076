using System.Net;
using System.Net.Http.Json;
using Keyturn.AzureEmulator.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>Injected faults on Graph and token endpoints, and request counting.</summary>
public sealed class FaultMiddlewareTests
{
    [Fact]
    public async Task Invoke_Throttling429_ReturnsRetryAfterThenNormal()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        host.Control.InjectFault(new FaultRule("POST", "/addPassword", 429, RetryAfterSeconds: 7, ErrorCode: "TooManyRequests", Message: "Slow down"));
        var path = $"applications/{host.TargetApp.ObjectId}/addPassword";

        using var throttled = await graph.PostAsJsonAsync(path, new { passwordCredential = new { } });
        using var normal = await graph.PostAsJsonAsync(path, new { passwordCredential = new { } });

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        var error = (await EmulatorClient.JsonAsync(throttled)).GetProperty("error");
        Assert.Equal("TooManyRequests", error.GetProperty("code").GetString());
        Assert.Equal("Slow down", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.Equal(2, host.Control.RequestCount("POST", "/addPassword"));
        Assert.Equal(2, host.Control.ListPasswords(host.TargetApp.ObjectId).Count);
    }

    [Fact]
    public async Task Invoke_TokenEndpointFault_MsalSeesServiceError()
    {
        await using var host = await Emulator.StartAsync();
        host.Control.InjectFault(new FaultRule("POST", "/oauth2/v2.0/token", 400, ErrorCode: "invalid_request", Message: "AADSTS90000: injected", Times: 1));

        var error = await Assert.ThrowsAsync<Azure.Identity.AuthenticationFailedException>(
            () => EmulatorClient.TokenAsync(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!));
        var token = await EmulatorClient.TokenAsync(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!);

        Assert.Contains("AADSTS90000", error.ToString());
        Assert.NotEmpty(token);
    }

    [Fact]
    public async Task Invoke_DelayOnly_HandlesRequestNormallyAfterDelay()
    {
        // The delay runs on the emulator's clock, so the test moves time instead of waiting for it.
        var clock = FakeClock.StartingNow();
        await using var host = await Emulator.StartAsync(o => o.TimeProvider = clock);
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var delay = TimeSpan.FromSeconds(10);
        host.Control.InjectFault(new FaultRule("GET", "/applications/", 0, Delay: delay));
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var request = graph.GetAsync($"applications/{host.TargetApp.ObjectId}", bound.Token);
        await WaitUntilAsync(() => host.Control.RequestCount("GET", "/applications/") == 1, bound.Token);
        clock.Advance(delay - TimeSpan.FromSeconds(1));
        var heldShortOfTheDelay = await Task.WhenAny(request, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, bound.Token)) != request;
        await clock.AdvanceUntilAsync(() => request.IsCompleted, TimeSpan.FromSeconds(1), maxSteps: 15, bound.Token);

        Assert.True(heldShortOfTheDelay, "the answer came before the emulated clock reached the delay");
        using var response = await request;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(host.TargetApp.ObjectId, (await EmulatorClient.JsonAsync(response)).GetProperty("id").GetString());
    }

    // A hang guard for a condition another request makes true, not a timing assertion.
    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System, cancellationToken);
        }

        Assert.True(condition(), "the condition did not become true");
    }

    [Fact]
    public async Task Invoke_ClearFaults_RemovesPendingRules()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        host.Control.InjectFault(new FaultRule("GET", "/applications", 503, Times: 5));
        host.Control.ClearFaults();

        using var response = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MaxInFlight_OverlappingDelayedRequests_CountsThemTogether()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);
        var (first, second) = (host.Control.CreateApplication("first", [], [host.AdminApp.ObjectId], false), host.Control.CreateApplication("second", [], [host.AdminApp.ObjectId], false));
        host.Control.InjectFault(new FaultRule("GET", "/applications/", 0, Delay: TimeSpan.FromSeconds(1), Times: 2));

        var responses = await Task.WhenAll(graph.GetAsync($"applications/{first.ObjectId}"), graph.GetAsync($"applications/{second.ObjectId}"));
        using var later = await graph.GetAsync($"applications/{first.ObjectId}");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, host.Control.MaxInFlight("GET", first.ObjectId, second.ObjectId));
        Assert.Equal(1, host.Control.MaxInFlight("GET", first.ObjectId));
        Assert.Equal(0, host.Control.MaxInFlight("POST", first.ObjectId));
    }

    [Fact]
    public async Task MaxInFlight_OneAfterAnother_IsOne()
    {
        await using var host = await Emulator.StartAsync();
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        using var first = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");
        using var second = await graph.GetAsync($"applications/{host.TargetApp.ObjectId}");

        Assert.Equal(2, host.Control.RequestCount("GET", host.TargetApp.ObjectId));
        Assert.Equal(1, host.Control.MaxInFlight("GET", host.TargetApp.ObjectId));
    }
}
