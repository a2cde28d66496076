using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Core.Tests.Rotation;

public sealed class RotationScheduleTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 21, 21, 30, 0, TimeSpan.Zero);

    private static readonly RotationOptions NoJitter = new() { JitterSource = () => 0 };

    private static SecretRotation Rotation(bool auto = true, int interval = 30, int hours = 0, int minutes = 0, string status = RotationStatuses.Success,
        DateTimeOffset? rotatedAt = null, bool manual = true, DateTimeOffset? attemptedAt = null, string? cron = null, int failedAttempts = 0) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "azure-client-secret", "r", null, Guid.NewGuid(), auto, interval, hours, minutes,
            "{}", "{}", 0, status, null, attemptedAt ?? rotatedAt, rotatedAt, null, manual, null, Created, Created)
        {
            RotationSchedule = cron,
            FailedAttempts = failedAttempts,
        };

    /// <summary>The rotation as the engine hands it to AfterFailure: status failed, the attempt's time set.</summary>
    private static SecretRotation Failed(SecretRotation rotation, DateTimeOffset at) =>
        rotation with { RotationStatus = RotationStatuses.Failed, LastRotationAttemptedAt = at };

    [Fact]
    public void NextRotationAt_ManualAfterRotateTime_SkipsToNextDayPlusInterval()
    {
        var next = RotationSchedule.NextRotationAt(Rotation(rotatedAt: Created));

        Assert.Equal(new DateTimeOffset(2026, 12, 22, 0, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextRotationAt_ManualBeforeRotateTime_UsesSameDay()
    {
        var next = RotationSchedule.NextRotationAt(Rotation(hours: 23, minutes: 15, rotatedAt: Created));

        Assert.Equal(new DateTimeOffset(2026, 12, 21, 23, 15, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextRotationAt_ScheduledRunLateInTheDay_KeepsTheCadence()
    {
        var next = RotationSchedule.NextRotationAt(Rotation(interval: 7, rotatedAt: Created, manual: false));

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextRotationAt_AutoRotationOff_IsNull()
    {
        Assert.Null(RotationSchedule.NextRotationAt(Rotation(auto: false, rotatedAt: Created)));
    }

    [Fact]
    public void NextRotationAt_AfterFailure_IsTomorrowAtRotateTime()
    {
        var next = RotationSchedule.NextRotationAt(Rotation(hours: 4, status: RotationStatuses.Failed, rotatedAt: Created.AddDays(-10), attemptedAt: Created));

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextRotationAt_NeverRotated_IsNull()
    {
        Assert.Null(RotationSchedule.NextRotationAt(Rotation(status: RotationStatuses.Pending)));
    }

    [Fact]
    public void NextRotationAt_Cron_IsTheFirstOccurrenceAfterTheLastSuccess()
    {
        var next = RotationSchedule.NextRotationAt(Rotation(cron: "0 2 * * SUN#1", rotatedAt: Created, manual: false));

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextRotationAt_CronManualRun_IsAlsoTheFirstOccurrenceAfterIt()
    {
        var next = RotationSchedule.NextRotationAt(Rotation(cron: "0 23 * * *", rotatedAt: Created, manual: true));

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextRotationAt_CronAfterFailure_IsTheFirstOccurrenceAfterTheAttempt()
    {
        var rotation = Rotation(cron: "0 2 * * SUN#1", status: RotationStatuses.Failed, rotatedAt: Created.AddDays(-40), attemptedAt: Created);

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), RotationSchedule.NextRotationAt(rotation));
    }

    [Fact]
    public void AfterFailure_ScheduledAttempts_RetryAfterFiveFifteenFortyMinutesThenTheNextDay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero));
        var rotation = Rotation(hours: 2, rotatedAt: Created.AddDays(-30), manual: false);
        var waits = new List<TimeSpan>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            rotation = RotationSchedule.AfterFailure(Failed(rotation, clock.GetUtcNow()), JobTriggers.Schedule, NoJitter, clock.GetUtcNow());
            waits.Add(rotation.NextRotationAt!.Value - clock.GetUtcNow());
            clock.SetUtcNow(rotation.NextRotationAt.Value);
        }

        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(40), TimeSpan.FromHours(23)], waits);
        Assert.Equal(4, rotation.FailedAttempts);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), rotation.NextRotationAt);
    }

    [Fact]
    public void AfterFailure_AfterGivingUp_TriesOnceADayUntilASuccess()
    {
        var at = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
        var givenUp = Rotation(hours: 2, status: RotationStatuses.Failed, rotatedAt: Created.AddDays(-30), failedAttempts: 4);

        var next = RotationSchedule.AfterFailure(Failed(givenUp, at), JobTriggers.Schedule, NoJitter, at);

        Assert.Equal(5, next.FailedAttempts);
        Assert.Equal(at.AddDays(1), next.NextRotationAt);
    }

    [Fact]
    public void AfterFailure_CronGivingUp_WaitsForTheNextOccurrence()
    {
        var at = new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
        var retried = Rotation(cron: "0 2 * * SUN#1", status: RotationStatuses.Failed, rotatedAt: Created.AddDays(-40), failedAttempts: 3);

        var next = RotationSchedule.AfterFailure(Failed(retried, at), JobTriggers.Schedule, NoJitter, at);

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), next.NextRotationAt);
    }

    [Fact]
    public void AfterFailure_Jitter_ShortensTheWaitByTheSourcesFraction()
    {
        var at = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);
        var options = new RotationOptions { JitterSource = () => 0.5, FailureRetryJitter = 0.2 };

        var next = RotationSchedule.AfterFailure(Failed(Rotation(rotatedAt: Created.AddDays(-30)), at), JobTriggers.Schedule, options, at);

        Assert.Equal(at.AddMinutes(4.5), next.NextRotationAt);
    }

    [Theory]
    [InlineData(JobTriggers.Manual)]
    [InlineData(JobTriggers.Create)]
    public void AfterFailure_ManualOrCreate_StartsNoRetriesAndKeepsTheCounter(string trigger)
    {
        var at = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var retrying = Rotation(hours: 2, status: RotationStatuses.Failed, rotatedAt: Created.AddDays(-30), failedAttempts: 1);

        var next = RotationSchedule.AfterFailure(Failed(retrying, at), trigger, NoJitter, at);

        Assert.Equal(1, next.FailedAttempts);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), next.NextRotationAt);
    }

    [Fact]
    public void AfterFailure_NoRetriesConfigured_GivesUpAtOnce()
    {
        var at = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);

        var next = RotationSchedule.AfterFailure(Failed(Rotation(hours: 2, rotatedAt: Created.AddDays(-30)), at), JobTriggers.Schedule, NoJitter with { FailureRetries = 0 }, at);

        Assert.Equal(at.AddDays(1), next.NextRotationAt);
    }

    [Fact]
    public void AfterFailure_AutoRotationOff_HasNoNextTime()
    {
        var at = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);

        Assert.Null(RotationSchedule.AfterFailure(Failed(Rotation(auto: false, rotatedAt: Created), at), JobTriggers.Schedule, NoJitter, at).NextRotationAt);
    }

    [Fact]
    public void Period_IntervalOrCron_IsTheLongestTimeBetweenRegularRuns()
    {
        Assert.Equal(TimeSpan.FromDays(30), RotationSchedule.Period(Rotation()));
        Assert.Equal(TimeSpan.FromDays(35), RotationSchedule.Period(Rotation(cron: "0 2 * * SUN#1")));
    }

    [Theory]
    [InlineData(null, "2027-03-12T00:00:00+00:00")]
    [InlineData("0 2 * * SUN#1", "2027-03-07T02:00:00+00:00")]
    public void NextRotationAt_ServerDownForMonths_OneRunThenTheRegularCadence(string? cron, string expected)
    {
        // Due on 2026-12-21 (interval) or 2026-12-06 (cron); the server comes back on 2027-02-10 and runs it once.
        var clock = new FakeTimeProvider(Created);
        var rotation = Rotation(cron: cron, rotatedAt: Created, manual: true);
        rotation = rotation with { NextRotationAt = RotationSchedule.NextRotationAt(rotation) };
        clock.Advance(TimeSpan.FromDays(81));
        Assert.True(rotation.NextRotationAt < clock.GetUtcNow());

        var ran = rotation with { LastRotatedAt = clock.GetUtcNow(), LastRotationWasManual = false };

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RotationSchedule.NextRotationAt(ran));
    }
}
