using Keyturn.Core.Connections;
using Keyturn.Core.Domain;

namespace Keyturn.Core.Tests.Connections;

public sealed class CredentialRotationScheduleTests
{
    private static readonly CredentialRotationSettings Every30At0100 = new(true, 30, 1, 0);
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_Disabled_IsNull() =>
        Assert.Null(CredentialRotationSchedule.Next(Every30At0100 with { IsAutoRotationEnabled = false }, null, Created));

    [Fact]
    public void Next_NeverRotated_CountsFromTheDayAfterCreation() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero), CredentialRotationSchedule.Next(Every30At0100, null, Created));

    [Fact]
    public void Next_ManualBeforeRotateTime_CountsFromThatDay() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 1, 0, 0, TimeSpan.Zero),
            CredentialRotationSchedule.Next(Every30At0100, new DateTimeOffset(2026, 11, 10, 0, 30, 0, TimeSpan.Zero), Created));

    [Fact]
    public void Next_ScheduledRunJustAfterRotateTime_KeepsTheDay() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 1, 0, 0, TimeSpan.Zero),
            CredentialRotationSchedule.Next(Every30At0100, new DateTimeOffset(2026, 11, 10, 1, 0, 7, TimeSpan.Zero), Created, scheduled: true));

    [Fact]
    public void Next_ManualAfterRotateTime_CountsFromTheNextDay() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 1, 0, 0, TimeSpan.Zero),
            CredentialRotationSchedule.Next(Every30At0100, new DateTimeOffset(2026, 11, 10, 1, 0, 7, TimeSpan.Zero), Created));

    [Theory]
    [InlineData(0, 30, 1)]
    [InlineData(1, 0, 2)]
    [InlineData(23, 0, 2)]
    public void AfterFailure_TheNextRotateTime(int hour, int minute, int expectedDay) =>
        Assert.Equal(new DateTimeOffset(2026, 11, expectedDay, 1, 0, 0, TimeSpan.Zero),
            CredentialRotationSchedule.AfterFailure(Every30At0100, new DateTimeOffset(2026, 11, 1, hour, minute, 0, TimeSpan.Zero)));
}
