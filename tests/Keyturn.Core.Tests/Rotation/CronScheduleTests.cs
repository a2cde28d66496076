using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 2 * * SUN#1")]
    [InlineData("30 4 1,15 * *")]
    [InlineData("0 * * * *")]
    [InlineData("0 0 1 1 *")]
    [InlineData("@weekly")]
    [InlineData("  0 2 * * MON  ")]
    public void Check_Acceptable_IsNull(string expression) => Assert.Null(CronSchedule.Check(expression));

    [Theory]
    [InlineData("", "does not parse")]
    [InlineData("0 2 * *", "does not parse")]
    [InlineData("0 0 2 * * SUN", "does not parse")]
    [InlineData("61 2 * * *", "does not parse")]
    [InlineData("H 2 * * *", "hashed fields (H) are not supported")]
    [InlineData("*/5 * * * *", "at most once an hour")]
    [InlineData("0,30 * * * *", "at most once an hour")]
    [InlineData("0 0 29 2 *", "at least once every 366 days")]
    [InlineData("0 0 30 2 *", "at least once every 366 days")]
    public void Check_Unacceptable_NamesTheRuleAndWhy(string expression, string why)
    {
        var rule = CronSchedule.Check(expression);

        Assert.NotNull(rule);
        Assert.StartsWith(CronSchedule.Rule, rule);
        Assert.Contains(why, rule);
    }

    [Fact]
    public void Check_TooLong_IsRefusedBeforeParsing() =>
        Assert.Contains("longer than 100 characters", CronSchedule.Check("0 2 * * " + new string('1', 100)));

    [Fact]
    public void NextAfter_FirstSundayOfTheMonth_SkipsToTheNextMonthOnceItPassed()
    {
        // 2026-11-01 was the first Sunday of November; the next first Sunday is 2026-12-06.
        var next = CronSchedule.NextAfter("0 2 * * SUN#1", new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAfter_OffsetInstant_ReadsItAsUtc()
    {
        // 03:30 at +02:00 is 01:30 UTC, so the same day's 02:00 UTC is still ahead.
        var next = CronSchedule.NextAfter("0 2 * * *", new DateTimeOffset(2026, 11, 21, 3, 30, 0, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero), next);
    }

    [Theory]
    [InlineData("0 2 * * *", 1)]
    [InlineData("0 2 * * SUN#1", 35)]
    [InlineData("0 0 29 * *", 59)]
    [InlineData("0 0 1 1 *", 366)]
    public void LongestGap_Expression_IsTheWidestSpacingInDays(string expression, int days) =>
        Assert.Equal(TimeSpan.FromDays(days), CronSchedule.LongestGap(expression));
}
