using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class RotationScheduleTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 21, 21, 30, 0, TimeSpan.Zero);

    private static SecretRotation Rotation(bool auto = true, int interval = 30, int hours = 0, int minutes = 0, string status = RotationStatuses.Success,
        DateTimeOffset? rotatedAt = null, bool manual = true, DateTimeOffset? attemptedAt = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "azure-client-secret", "r", null, Guid.NewGuid(), auto, interval, hours, minutes,
            "{}", "{}", 0, status, null, attemptedAt ?? rotatedAt, rotatedAt, null, manual, null, Created, Created);

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
}
