using Keyturn.Core.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Core.Tests.Notifications;

public sealed class UpcomingReminderTests
{
    private static readonly DateTimeOffset Next = new(2026, 12, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly int[] SevenAndOne = [7, 1];

    private readonly FakeTimeProvider _clock = new(Next.AddDays(-10));

    [Fact]
    public void DueDaysBefore_OutsideEveryWindow_IsNull()
    {
        _clock.SetUtcNow(Next.AddDays(-7).AddTicks(-1));

        Assert.Null(UpcomingReminder.DueDaysBefore(Next, _clock.GetUtcNow(), SevenAndOne));
    }

    [Fact]
    public void DueDaysBefore_AtTheStartOfTheSevenDayWindow_IsSeven()
    {
        _clock.SetUtcNow(Next.AddDays(-7));

        Assert.Equal(7, UpcomingReminder.DueDaysBefore(Next, _clock.GetUtcNow(), SevenAndOne));
    }

    [Fact]
    public void DueDaysBefore_InsideBothWindows_IsTheSmallest()
    {
        // First seen half a day before the run: the 1-day reminder, not a stale 7-day one as well.
        _clock.SetUtcNow(Next.AddHours(-12));

        Assert.Equal(1, UpcomingReminder.DueDaysBefore(Next, _clock.GetUtcNow(), SevenAndOne));
    }

    [Fact]
    public void DueDaysBefore_AtOrAfterTheRun_IsNull()
    {
        _clock.SetUtcNow(Next);

        Assert.Null(UpcomingReminder.DueDaysBefore(Next, _clock.GetUtcNow(), SevenAndOne));
        Assert.Null(UpcomingReminder.DueDaysBefore(Next, _clock.GetUtcNow().AddDays(1), SevenAndOne));
    }

    [Fact]
    public void DueDaysBefore_ZeroOrNegativeDays_AreIgnored()
    {
        _clock.SetUtcNow(Next.AddHours(-1));

        Assert.Null(UpcomingReminder.DueDaysBefore(Next, _clock.GetUtcNow(), [0, -3]));
    }

    [Fact]
    public void Event_SameCycleAndDays_HasTheSameKeyWhateverTheTimeAndOffset()
    {
        var id = Guid.NewGuid();
        _clock.SetUtcNow(Next.AddDays(-6));
        var first = UpcomingReminder.Event(id, Next, 7, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(3));
        var again = UpcomingReminder.Event(id, Next.ToOffset(TimeSpan.FromHours(2)), 7, _clock.GetUtcNow());

        Assert.Equal(first.Key, again.Key);
        Assert.Equal(RotationEventTypes.Upcoming, first.Type);
        Assert.Equal("7", first.Details["daysBefore"]);
        Assert.Equal(Next, DateTimeOffset.Parse(first.Details["nextRotationAt"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Event_OtherCycleOrOtherDays_HasAnotherKey()
    {
        var id = Guid.NewGuid();
        var now = _clock.GetUtcNow();

        var keys = new[]
        {
            UpcomingReminder.Event(id, Next, 7, now).Key,
            UpcomingReminder.Event(id, Next, 1, now).Key,
            UpcomingReminder.Event(id, Next.AddDays(1), 7, now).Key,
            UpcomingReminder.Event(Guid.NewGuid(), Next, 7, now).Key,
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
