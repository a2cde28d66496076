using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Scheduling;

/// <summary>
/// The scheduler against a real server and the emulator, on a fake clock: when rotations run, how failures are
/// retried, and that abandoned jobs are swept on every tick. Jitter is off, so retry times are exact.
/// </summary>
public sealed class DueRotationLoopTests
{
    private const string Path = Scenario.RotationsPath;
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task RunDueAsync_BeforeAndAfterNextRotationAt_RotatesOnlyWhenDue()
    {
        await using var server = await StartAsync();
        var (id, _) = await CreateAsync(server, interval: 1);
        var loop = Loop(server);

        // Created (a manual run) after 00:00 on the 21st: next is the 22nd's 00:00 plus one day.
        Assert.Equal(At(2026, 11, 23), Next(await GetAsync(server, id)));
        _clock.SetUtcNow(At(2026, 11, 22, 23, 59).AddSeconds(59));
        await loop.RunDueAsync(CancellationToken.None);
        Assert.Equal(0, (await GetAsync(server, id))["activeIndex"]!.GetValue<int>());

        _clock.SetUtcNow(At(2026, 11, 23).AddSeconds(1));
        await loop.RunDueAsync(CancellationToken.None);
        var rotated = await GetAsync(server, id);

        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        Assert.Equal("2026-11-23T00:00:01+00:00", rotated["lastRotatedAt"]!.GetValue<string>());
        Assert.Equal(At(2026, 11, 24), Next(rotated));
    }

    [Fact]
    public async Task RotateAsync_ScheduledFromAStaleScan_RotatesOnceForOneDueTime()
    {
        // Two workers (or two nodes) that both saw the rotation due in their scans: the second finds it rotated.
        await using var server = await StartAsync();
        var (id, app) = await CreateAsync(server, interval: 1);
        _clock.SetUtcNow(At(2026, 11, 23).AddSeconds(1));
        var engine = server.Host.Services.GetRequiredService<RotationEngine>();

        var first = await engine.RotateAsync(Guid.Parse(id), JobTriggers.Schedule, CancellationToken.None);
        var second = await engine.RotateAsync(Guid.Parse(id), JobTriggers.Schedule, CancellationToken.None);

        // The host's own loop may win the race (moving the fake clock past its interval wakes it): whoever rotates, the
        // due time is served once, and the later attempt finds it not due (or busy while the winner still runs).
        Assert.False(first.IsSuccess && second.IsSuccess, "two attempts for one due time both rotated");
        Assert.All(new[] { first, second }.Where(r => !r.IsSuccess), r => Assert.Contains(r.Problem!.Title, new[] { "Not due", "Rotation in progress" }));
        await Wait.UntilAsync(async () => (await GetAsync(server, id))["activeIndex"]!.GetValue<int>() == 1);
        Assert.Equal(1 + 1, AddPasswords(server, app));
        Assert.Equal(1, (await GetAsync(server, id))["activeIndex"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunDueAsync_AutoRotationOff_NeverRotates()
    {
        await using var server = await StartAsync();
        var (id, _) = await CreateAsync(server, auto: false);

        _clock.Advance(TimeSpan.FromDays(400));
        await Loop(server).RunDueAsync(CancellationToken.None);

        var rotation = await GetAsync(server, id);
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        Assert.Null(rotation["nextRotationAt"]);
    }

    [Fact]
    public async Task RunDueAsync_RotateAtLaterThatDay_RunsAtThatTimeNotAtMidnight()
    {
        await using var server = await StartAsync();
        var (id, app) = await CreateAsync(server, interval: 1, rotateAt: (23, 30));

        // Created at 10:00, before 23:30: the same day's 23:30 is the anchor, plus one day.
        Assert.Equal(At(2026, 11, 22, 23, 30), Next(await GetAsync(server, id)));
        _clock.SetUtcNow(At(2026, 11, 22, 23, 29));
        await Loop(server).RunDueAsync(CancellationToken.None);
        Assert.Equal(1, AddPasswords(server, app));

        _clock.SetUtcNow(At(2026, 11, 22, 23, 30));
        await Loop(server).RunDueAsync(CancellationToken.None);

        Assert.Equal(2, AddPasswords(server, app));
        Assert.Equal(At(2026, 11, 23, 23, 30), Next(await GetAsync(server, id)));
    }

    [Fact]
    public async Task RunDueAsync_ManualRunAfterTheHour_MovesTheNextRunByADay()
    {
        await using var server = await StartAsync();
        var (id, _) = await CreateAsync(server, interval: 2, rotateAt: (2, 0));
        _clock.SetUtcNow(At(2026, 11, 22, 14, 0));

        var manual = await Scenario.RotateAsync(server, id);

        // 14:00 is after 02:00: the anchor is the 23rd's 02:00, plus two days.
        Assert.Equal(At(2026, 11, 25, 2, 0), Next(manual));
    }

    [Fact]
    public async Task RunDueAsync_Cron_RotatesAtEachOccurrence()
    {
        await using var server = await StartAsync();
        var (id, app) = await CreateAsync(server, cron: "0 2 * * SUN#1");
        Assert.Equal(At(2026, 12, 6, 2, 0), Next(await GetAsync(server, id)));

        _clock.SetUtcNow(At(2026, 12, 6, 1, 59));
        await Loop(server).RunDueAsync(CancellationToken.None);
        Assert.Equal(1, AddPasswords(server, app));
        _clock.SetUtcNow(At(2026, 12, 6, 2, 0));
        await Loop(server).RunDueAsync(CancellationToken.None);

        var rotated = await GetAsync(server, id);
        Assert.Equal(2, AddPasswords(server, app));
        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        Assert.Equal(At(2027, 1, 3, 2, 0), Next(rotated));
    }

    [Theory]
    [InlineData(null, "2027-03-01T00:00:00+00:00")]
    [InlineData("0 2 * * SUN#1", "2027-03-07T02:00:00+00:00")]
    public async Task RunDueAsync_MissedOccurrences_CollapseIntoOneRun(string? cron, string next)
    {
        await using var server = await StartAsync();
        var (id, app) = await CreateAsync(server, interval: 1, cron: cron);

        // Down for three months: dozens of daily runs, or three first Sundays, were missed.
        _clock.SetUtcNow(At(2027, 2, 28, 9, 0));
        await Loop(server).RunDueAsync(CancellationToken.None);
        await Loop(server).RunDueAsync(CancellationToken.None);

        var rotation = await GetAsync(server, id);
        Assert.Equal(2, AddPasswords(server, app));
        Assert.Equal(1, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal(DateTimeOffset.Parse(next, CultureInfo.InvariantCulture), Next(rotation));
    }

    [Fact]
    public async Task RunDueAsync_ScheduledFailures_RetryAfterBackoffThenNextDayThenSucceedAndReset()
    {
        await using var server = await StartAsync();
        var (id, app) = await CreateAsync(server, interval: 1);
        server.Emulator.Control.InjectFault(new FaultRule("POST", $"{app.ObjectId}/addPassword", 403, ErrorCode: "Authorization_RequestDenied", Times: 100));
        var due = At(2026, 11, 23);

        var seen = new List<(int Attempts, DateTimeOffset Next)>();
        var next = due;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // The clock reaches a due time only while the faults are in place: the server's own loop may pick the
            // rotation up before this call does, and must then meet the same faults.
            _clock.SetUtcNow(next);
            await Loop(server).RunDueAsync(CancellationToken.None);
            var failed = await GetAsync(server, id);
            Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
            next = Next(failed);
            seen.Add((failed["failedAttempts"]!.GetValue<int>(), next));
            // A second before the retry nothing runs: no tight loop.
            _clock.SetUtcNow(next.AddSeconds(-1));
            await Loop(server).RunDueAsync(CancellationToken.None);
        }

        Assert.Equal([(1, due.AddMinutes(5)), (2, due.AddMinutes(20)), (3, due.AddMinutes(60)), (4, At(2026, 11, 24))], seen);
        Assert.Equal(1 + 4, AddPasswords(server, app));
        server.Emulator.Control.ClearFaults();
        _clock.SetUtcNow(next);
        await Loop(server).RunDueAsync(CancellationToken.None);
        var recovered = await GetAsync(server, id);
        Assert.True("success" == recovered["rotationStatus"]!.GetValue<string>(), recovered["lastRotationMessage"]?.GetValue<string>());
        Assert.Equal(0, recovered["failedAttempts"]!.GetValue<int>());
        Assert.Equal(At(2026, 11, 25), Next(recovered));
    }

    [Fact]
    public async Task RotateSecrets_ManualFailure_StartsNoRetries()
    {
        await using var server = await StartAsync();
        var (id, app) = await CreateAsync(server, interval: 30, rotateAt: (2, 0));
        server.Emulator.Control.InjectFault(new FaultRule("POST", $"{app.ObjectId}/addPassword", 403, ErrorCode: "Authorization_RequestDenied", Times: 100));

        var failed = await Scenario.RotateAsync(server, id);
        _clock.SetUtcNow(At(2026, 11, 22, 1, 59));
        await Loop(server).RunDueAsync(CancellationToken.None);

        Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
        Assert.Equal(0, failed["failedAttempts"]!.GetValue<int>());
        Assert.Equal(At(2026, 11, 22, 2, 0), Next(failed));
        Assert.Equal(2, AddPasswords(server, app));
    }

    [Fact]
    public async Task Loop_EveryTick_SweepsAJobLeftOpenAfterStartUp()
    {
        await using var server = await StartAsync();
        var (id, _) = await CreateAsync(server);
        var job = await LeaveOpenJobAsync(server, id);

        // The loop's own timer, not a call from the test: the sweep is periodic, not only at start-up.
        _clock.Advance(server.Options.SchedulerInterval);
        await Wait.UntilAsync(async () => (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status != JobStatuses.Running);

        var rotation = await GetAsync(server, id);
        Assert.Equal(JobStatuses.Failed, (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status);
        Assert.Contains("Interrupted before a new credential was issued", rotation["lastRotationMessage"]!.GetValue<string>());
        Assert.Equal(1, rotation["failedAttempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunDueAsync_OpenJobUnderAnotherNodesLease_SweptOnlyOnceTheLeaseExpires()
    {
        await using var server = await StartAsync();
        var (id, _) = await CreateAsync(server);
        var job = await LeaveOpenJobAsync(server, id);
        var lease = server.Options.Rotation.LeaseDuration;
        Assert.True(await Store(server).TryAcquireLeaseAsync(job.RotationId, "another-node", _clock.GetUtcNow() + lease, _clock.GetUtcNow(), CancellationToken.None));

        _clock.Advance(lease - TimeSpan.FromSeconds(1));
        await Loop(server).RunDueAsync(CancellationToken.None);
        var whileHeld = (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Loop(server).RunDueAsync(CancellationToken.None);

        Assert.Equal(JobStatuses.Running, whileHeld);
        Assert.Equal(JobStatuses.Failed, (await Store(server).GetJobAsync(job.Id, CancellationToken.None))!.Status);
    }

    private Task<TestServer> StartAsync() =>
        TestServer.StartAsync(timeProvider: _clock, configure: o => o with { Rotation = o.Rotation with { JitterSource = () => 0 } });

    private static async Task<(string Id, EmulatedApp App)> CreateAsync(
        TestServer server, int interval = 30, (int Hours, int Minutes)? rotateAt = null, string? cron = null, bool auto = true)
    {
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);
        var body = Scenario.RotationBody(projectId, connectionId, app);
        body["isAutoRotationEnabled"] = auto;
        body["rotationInterval"] = cron is null ? interval : 30;
        body["rotateAtUtc"] = new { hours = rotateAt?.Hours ?? 0, minutes = rotateAt?.Minutes ?? 0 };
        body["rotationSchedule"] = cron;
        var id = (await server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        return (id, app);
    }

    /// <summary>What a crashed node leaves: a scheduled job still running, nobody holding the rotation.</summary>
    private async Task<RotationJob> LeaveOpenJobAsync(TestServer server, string rotationId)
    {
        var job = new RotationJob(Guid.NewGuid(), Guid.Parse(rotationId), JobTriggers.Schedule, JobStatuses.Running, 1, _clock.GetUtcNow(), null, null);
        await Store(server).StartJobAsync(job, [], CancellationToken.None);
        return job;
    }

    private static DueRotationLoop Loop(TestServer server) =>
        server.Host.Services.GetServices<IHostedService>().OfType<DueRotationLoop>().Single();

    private static IKeyturnStore Store(TestServer server) => server.Host.Services.GetRequiredService<IKeyturnStore>();

    private static int AddPasswords(TestServer server, EmulatedApp app) => server.Emulator.Control.RequestCount("POST", $"{app.ObjectId}/addPassword");

    private static async Task<JsonNode> GetAsync(TestServer server, string id) =>
        (await server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

    private static DateTimeOffset Next(JsonNode rotation) =>
        DateTimeOffset.Parse(rotation["nextRotationAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static DateTimeOffset At(int year, int month, int day, int hours = 0, int minutes = 0) => new(year, month, day, hours, minutes, 0, TimeSpan.Zero);
}
