using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Scheduling;

/// <summary>
/// Many due rotations over two connections against the emulator: they run side by side within the limits, and a
/// throttled connection's rotations wait without holding up the other's. Outcomes are read from the emulator's
/// request log (what overlapped at the provider), never from elapsed time.
/// </summary>
public sealed class DueRotationScanTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task StartDueAsync_ManyDueOnTwoConnections_OverlapWithinTheGlobalAndPerConnectionLimits()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock,
            configure: o => o with { RotationConcurrency = 3, RotationConcurrencyPerConnection = 2 });
        // The first connection's rotations are due a minute earlier, so they come first in the scan: without the
        // per-connection limit they would take every slot.
        var first = await CreateRotationsAsync(server, 5);
        var second = await CreateRotationsAsync(server, 5, minute: 1);
        // Each addPassword is held a while, so rotations that may run together do overlap at the provider.
        server.Emulator.Control.InjectFault(new FaultRule("POST", "/addPassword", 0, Delay: TimeSpan.FromMilliseconds(700), Times: 10));

        _clock.SetUtcNow(Due.AddMinutes(1));
        await Loop(server).RunDueAsync(CancellationToken.None);

        foreach (var (id, _) in first.Concat(second))
        {
            Assert.Equal(1, (await GetAsync(server, id))["activeIndex"]!.GetValue<int>());
        }

        var control = server.Emulator.Control;
        Assert.InRange(control.MaxInFlight("POST", AddPasswordPaths(first)), 1, 2);
        Assert.InRange(control.MaxInFlight("POST", AddPasswordPaths(second)), 1, 2);
        Assert.InRange(control.MaxInFlight("POST", [.. AddPasswordPaths(first), .. AddPasswordPaths(second)]), 2, 3);
    }

    [Fact]
    public async Task StartDueAsync_ThrottledConnection_DefersItsRotationsAndRunsTheOthers()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var throttled = await CreateRotationsAsync(server, 2);
        var other = await CreateRotationsAsync(server, 2);
        var connection = Guid.Parse((await GetAsync(server, throttled[0].Id))["connectionId"]!.GetValue<string>());
        // Set before the clock moves: moving it fires the loop's own tick too.
        server.Host.Services.GetRequiredService<ConnectionThrottle>().ThrottleUntil(connection, Due.AddMinutes(10));

        _clock.SetUtcNow(Due);
        await Loop(server).RunDueAsync(CancellationToken.None);
        var whileThrottled = await ActiveIndexesAsync(server, throttled);
        var others = await ActiveIndexesAsync(server, other);
        var addsWhileThrottled = throttled.Select(r => server.Emulator.Control.RequestCount("POST", $"{r.App.ObjectId}/addPassword")).ToArray();
        _clock.SetUtcNow(Due.AddMinutes(10));
        await Loop(server).RunDueAsync(CancellationToken.None);

        Assert.Equal([0, 0], whileThrottled);
        Assert.Equal([1, 1], others);
        Assert.Equal([1, 1], addsWhileThrottled);
        var afterThrottle = await ActiveIndexesAsync(server, throttled);
        Assert.Equal([1, 1], afterThrottle);
    }

    /// <summary>Rotations on one new connection, each due at <see cref="Due"/> plus <paramref name="minute"/> (interval one day, created the day before).</summary>
    private static async Task<List<(string Id, EmulatedApp App)>> CreateRotationsAsync(TestServer server, int count, int minute = 0)
    {
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var created = new List<(string, EmulatedApp)>();
        for (var i = 0; i < count; i++)
        {
            var app = Scenario.CreateTargetApp(server);
            var body = Scenario.RotationBody(projectId, connectionId, app, name: $"rotation-{i}");
            body["rotationInterval"] = 1;
            body["rotateAtUtc"] = new { hours = 0, minutes = minute };
            body["secretsMapping"] = new { clientId = $"CLIENT_ID_{i}", clientSecret = $"CLIENT_SECRET_{i}" };
            created.Add(((await server.Api.PostAsync(Scenario.RotationsPath, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>(), app));
        }

        return created;
    }

    private static string[] AddPasswordPaths(IEnumerable<(string Id, EmulatedApp App)> rotations) =>
        [.. rotations.Select(r => $"{r.App.ObjectId}/addPassword")];

    private static async Task<int[]> ActiveIndexesAsync(TestServer server, IEnumerable<(string Id, EmulatedApp App)> rotations) =>
        await Task.WhenAll(rotations.Select(async r => (await GetAsync(server, r.Id))["activeIndex"]!.GetValue<int>()));

    private static DueRotationLoop Loop(TestServer server) =>
        server.Host.Services.GetServices<IHostedService>().OfType<DueRotationLoop>().Single();

    private static async Task<System.Text.Json.Nodes.JsonNode> GetAsync(TestServer server, string id) =>
        (await server.Api.GetAsync($"{Scenario.RotationsPath}/{id}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
}
