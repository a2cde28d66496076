using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Core.Notifications;
using Keyturn.Server.Notifications;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Notifications;

/// <summary>
/// The reminder scan on a fake clock against real azure-client-secret rotations (emulator, SQLite): rotation.upcoming
/// at 7 and 1 days before, once per cycle and day count, afresh after a reschedule; credential.expiring for an adopted
/// secret and for a Keyturn-made one that a longer interval leaves to expire before its replacement. Publishes are
/// observed through a recording publisher that keeps the publisher's once-per-key promise.
/// </summary>
public sealed class ReminderLoopTests
{
    // Far enough ahead that a secret ending a few days after it is still in the future for the emulator's real clock.
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly RecordingEventPublisher _events = new();
    private readonly SubscribedReminderDays _subscriptions = new();

    [Fact]
    public async Task RunOnceAsync_SevenAndOneDayBefore_RemindsOncePerCycleAndDayCount()
    {
        await using var server = await StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var unsubscribed = await Scenario.CreateRotationAsync(server, "not-subscribed");
        _subscriptions.Set(setup.ProjectId, 7, 1);
        var next = NextRotationAt(setup.Rotation);
        Assert.Equal(NextRotationAt(setup.Rotation), NextRotationAt(unsubscribed.Rotation));
        var loop = Loop(server);

        _clock.SetUtcNow(next.AddDays(-7).AddMinutes(-1));
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Empty(Upcoming(setup));

        _clock.SetUtcNow(next.AddDays(-7));
        await loop.RunOnceAsync(CancellationToken.None);
        await loop.RunOnceAsync(CancellationToken.None);
        var sevenDays = Assert.Single(Upcoming(setup));
        Assert.Equal("7", sevenDays.Details["daysBefore"]);
        Assert.Equal(next, DateTimeOffset.Parse(sevenDays.Details["nextRotationAt"], CultureInfo.InvariantCulture));
        Assert.Equal(next.AddDays(-7), sevenDays.At);

        _clock.SetUtcNow(next.AddHours(-23));
        await loop.RunOnceAsync(CancellationToken.None);
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["7", "1"], Upcoming(setup).Select(e => e.Details["daysBefore"]));
        Assert.Empty(Upcoming(unsubscribed));
    }

    [Fact]
    public async Task RunOnceAsync_RotationRescheduled_RemindsAboutTheNewTime()
    {
        await using var server = await StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        _subscriptions.Set(setup.ProjectId, 7, 1);
        var next = NextRotationAt(setup.Rotation);
        var loop = Loop(server);
        _clock.SetUtcNow(next.AddHours(-23));
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["1"], Upcoming(setup).Select(e => e.Details["daysBefore"]));

        var patched = (await server.Api.PatchAsync($"{Scenario.RotationsPath}/{setup.RotationId}", new { rotationInterval = 32 }))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        await loop.RunOnceAsync(CancellationToken.None);

        // Two days later, so 47 hours away: the 7-day window of the new time, not its 1-day one.
        var moved = NextRotationAt(patched);
        Assert.Equal(next.AddDays(2), moved);
        var fresh = Upcoming(setup)[^1];
        Assert.Equal(2, Upcoming(setup).Count);
        Assert.Equal("7", fresh.Details["daysBefore"]);
        Assert.Equal(moved, DateTimeOffset.Parse(fresh.Details["nextRotationAt"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RunOnceAsync_AdoptedSecretExpiringBeforeTheFirstRotation_WarnsOnceWithinTheHorizon()
    {
        await using var server = await StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = server.Emulator.Control.CreateApplication($"target-{Guid.NewGuid():N}"[..15], [], [server.Emulator.AdminApp.ObjectId], withInitialSecret: false);
        var humanEnd = Start.AddDays(10);
        server.Emulator.Control.AddPassword(app.ObjectId, "made by hand", humanEnd);
        var human = Assert.Single(server.Emulator.Control.ListPasswords(app.ObjectId)).KeyId.ToString();
        var body = Scenario.RotationBody(projectId, connectionId, app);
        body["parameters"] = new { objectId = app.ObjectId, clientId = app.ClientId, existingClientSecretId = human };
        var rotation = (await server.Api.PostAsync(Scenario.RotationsPath, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var setup = new RotationSetup(projectId, connectionId, app, rotation["id"]!.GetValue<string>(), rotation);
        _subscriptions.Set(projectId, 3, 1);
        var loop = Loop(server);

        // The widest subscribed reminder (3 days) is how far ahead expiries are looked for.
        _clock.SetUtcNow(humanEnd.AddDays(-3).AddMinutes(-1));
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Empty(Expiring(setup));

        _clock.SetUtcNow(humanEnd.AddDays(-3));
        await loop.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await loop.RunOnceAsync(CancellationToken.None);

        var warning = Assert.Single(Expiring(setup));
        Assert.Equal(human, warning.Details["credentialId"]);
        Assert.Equal("1", warning.Details["slot"]);
        Assert.Equal(humanEnd, DateTimeOffset.Parse(warning.Details["expiresAt"], CultureInfo.InvariantCulture));
        Assert.Equal(NextRotationAt(rotation), DateTimeOffset.Parse(warning.Details["replacedAt"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RunOnceAsync_IntervalOutlivingTheActiveSecret_WarnsAboutItWithTheDefaultHorizon()
    {
        await using var server = await StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        // Issued for two 30-day periods plus grace; a 90-day interval leaves it to expire long before the rotation after next.
        var patched = (await server.Api.PatchAsync($"{Scenario.RotationsPath}/{setup.RotationId}", new { rotationInterval = 90 }))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var issued = Assert.Single(Scenario.KeyturnMade(server, setup.App));
        var end = issued.EndDateTime!.Value;
        var loop = Loop(server);

        // No subscription asks for reminders in this project: expiries are looked for 7 days ahead.
        _clock.SetUtcNow(end.AddDays(-7).AddMinutes(-1));
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Empty(Expiring(setup));
        _clock.SetUtcNow(end.AddDays(-7));
        await loop.RunOnceAsync(CancellationToken.None);

        var warning = Assert.Single(Expiring(setup));
        Assert.Equal(issued.KeyId.ToString(), warning.Details["credentialId"]);
        Assert.Equal("0", warning.Details["slot"]);
        Assert.Equal(end, DateTimeOffset.Parse(warning.Details["expiresAt"], CultureInfo.InvariantCulture));
        Assert.Equal(NextRotationAt(patched).AddDays(90), DateTimeOffset.Parse(warning.Details["replacedAt"], CultureInfo.InvariantCulture));
        Assert.Equal($"expiring:{setup.RotationId}:{issued.KeyId}:{end.ToUniversalTime():O}", warning.Key);
    }

    private Task<TestServer> StartAsync() => TestServer.StartAsync(timeProvider: _clock, configure: o => o with
    {
        AdditionalServices = services =>
        {
            services.AddSingleton<IRotationEventPublisher>(_events);
            services.AddSingleton<IReminderSubscriptions>(_subscriptions);
        },
    });

    private static ReminderLoop Loop(TestServer server) => server.Host.Services.GetRequiredService<ReminderLoop>();

    private static DateTimeOffset NextRotationAt(JsonNode rotation) =>
        DateTimeOffset.Parse(rotation["nextRotationAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private IReadOnlyList<RotationEvent> Upcoming(RotationSetup setup) => _events.Of(RotationEventTypes.Upcoming, setup.RotationId);

    private IReadOnlyList<RotationEvent> Expiring(RotationSetup setup) => _events.Of(RotationEventTypes.CredentialExpiring, setup.RotationId);
}
