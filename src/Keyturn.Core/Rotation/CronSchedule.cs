using Cronos;

namespace Keyturn.Core.Rotation;

/// <summary>
/// A rotation's cron expression (Cronos, five fields, UTC): which ones are accepted and when one fires next.
/// Occurrences must be at least an hour and at most 366 days apart: more often would turn the schedule into a loop
/// against the provider, rarer would outlive any sensible credential expiry (the interval schedule stops at 365 days).
/// </summary>
internal static class CronSchedule
{
    public const string Rule =
        "must be a cron expression in UTC with five fields (minute hour day-of-month month day-of-week), e.g. \"0 2 * * SUN#1\" for the first Sunday of each month at 02:00";

    public const int MaxLength = 100;

    public static readonly TimeSpan ShortestGap = TimeSpan.FromHours(1);

    public static readonly TimeSpan LongestGapAllowed = TimeSpan.FromDays(366);

    // Gaps are measured over two fixed years, one of them a leap year, so whether an expression is accepted does
    // not depend on the day it is checked, and "the 29th of each month" shows its long gap over a short February.
    private static readonly DateTime WindowStart = new(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime WindowEnd = new(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Null when the expression is acceptable, else the rule it breaks (for a 400 on rotationSchedule).</summary>
    public static string? Check(string expression)
    {
        if (expression.Length > MaxLength)
        {
            return $"{Rule}; this one is longer than {MaxLength} characters";
        }

        if (!TryParse(expression, out var cron, out var reason))
        {
            return $"{Rule}; this one does not parse: {reason}";
        }

        var (shortest, longest) = Gaps(cron);
        if (longest is null || longest > LongestGapAllowed)
        {
            return $"{Rule}, firing at least once every {LongestGapAllowed.TotalDays:0} days; this one fires more rarely or never";
        }

        return shortest < ShortestGap ? $"{Rule}, firing at most once an hour; this one fires more often" : null;
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>; the expression has passed <see cref="Check"/>.</summary>
    public static DateTimeOffset NextAfter(string expression, DateTimeOffset instant) =>
        Parse(expression).GetNextOccurrence(instant.UtcDateTime) is { } next
            ? new DateTimeOffset(next, TimeSpan.Zero)
            : throw new InvalidOperationException($"The cron expression '{expression}' has no occurrence after {instant:O}.");

    /// <summary>The longest time between two occurrences, which a credential's expiry must cover twice over.</summary>
    public static TimeSpan LongestGap(string expression) => Gaps(Parse(expression)).Longest ?? LongestGapAllowed;

    private static CronExpression Parse(string expression) =>
        TryParse(expression, out var cron, out var reason) ? cron : throw new FormatException($"Invalid cron expression '{expression}': {reason}");

    private static bool TryParse(string expression, out CronExpression cron, out string reason)
    {
        try
        {
            cron = CronExpression.Parse(expression.Trim(), CronFormat.Standard);
            reason = "";
            return true;
        }
        catch (CronFormatException e)
        {
            reason = e.Message;
        }
        catch (MissingSeedException)
        {
            reason = "hashed fields (H) are not supported";
        }

        cron = null!;
        return false;
    }

    /// <summary>Shortest and longest gap over the window; longest is null when the expression never fires in it.</summary>
    private static (TimeSpan Shortest, TimeSpan? Longest) Gaps(CronExpression cron)
    {
        var shortest = TimeSpan.MaxValue;
        if (cron.GetNextOccurrence(WindowStart, inclusive: true) is not { } current)
        {
            return (shortest, null);
        }

        // The wait from the window's start counts too, so an expression that fires once in four years is caught.
        var longest = current - WindowStart;
        while (current < WindowEnd)
        {
            if (cron.GetNextOccurrence(current) is not { } next)
            {
                return (shortest, null);
            }

            var gap = next - current;
            shortest = gap < shortest ? gap : shortest;
            longest = gap > longest ? gap : longest;
            if (shortest < ShortestGap)
            {
                // Already refused; walking a minute-by-minute expression through two years would only cost time.
                break;
            }

            current = next;
        }

        return (shortest, longest);
    }
}
