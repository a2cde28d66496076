using System.Net;
using Keyturn.Core.Rotation;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Telemetry;

/// <summary>
/// keyturn.rotations.due and .overdue report what the scheduler's last due-scan saw. The rotation's connection is
/// throttled, so the scans find it due without starting it, and the clock decides due and overdue.
/// </summary>
public sealed class DueRotationGaugeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task Scan_DueThenOverAnHourLate_GaugesFollowTheLastScan()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        using var recorder = MeterRecorder.Of(server);
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var body = Scenario.RotationBody(projectId, connectionId, Scenario.CreateTargetApp(server));
        body["rotationInterval"] = 1;
        body["rotateAtUtc"] = new { hours = 0, minutes = 0 };
        (await server.Api.PostAsync(Scenario.RotationsPath, body)).ShouldBe(HttpStatusCode.OK);
        server.Host.Services.GetRequiredService<ConnectionThrottle>().ThrottleUntil(Guid.Parse(connectionId), Due.AddDays(30));
        var scan = server.Host.Services.GetRequiredService<DueRotationScan>();

        await scan.StartDueAsync(CancellationToken.None);
        var beforeDue = (Due: Gauge(recorder, "keyturn.rotations.due"), Overdue: Gauge(recorder, "keyturn.rotations.overdue"));
        _clock.SetUtcNow(Due.AddMinutes(30));
        await scan.StartDueAsync(CancellationToken.None);
        var due = (Due: Gauge(recorder, "keyturn.rotations.due"), Overdue: Gauge(recorder, "keyturn.rotations.overdue"));
        _clock.SetUtcNow(Due.AddHours(2));
        await scan.StartDueAsync(CancellationToken.None);
        var overdue = (Due: Gauge(recorder, "keyturn.rotations.due"), Overdue: Gauge(recorder, "keyturn.rotations.overdue"));

        Assert.Equal((0, 0), beforeDue);
        Assert.Equal((1, 0), due);
        Assert.Equal((1, 1), overdue);
    }

    private static int Gauge(MeterRecorder recorder, string name) => (int)Assert.Single(recorder.Observe(name)).Value;
}
