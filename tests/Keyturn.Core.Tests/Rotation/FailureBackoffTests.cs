using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class FailureBackoffTests
{
    [Fact]
    public void Delay_DefaultsWithoutJitter_AreFiveFifteenAndFortyMinutes()
    {
        var options = new RotationOptions { JitterSource = () => 0 };

        Assert.Equal(
            [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(40)],
            Enumerable.Range(1, 3).Select(retry => FailureBackoff.Delay(retry, options)));
    }

    [Fact]
    public void Delay_FullJitter_ShortensByTheJitterFractionOnly()
    {
        var options = new RotationOptions { JitterSource = () => 1, FailureRetryJitter = 0.2 };

        Assert.Equal(TimeSpan.FromMinutes(4), FailureBackoff.Delay(1, options));
        Assert.Equal(TimeSpan.FromMinutes(32), FailureBackoff.Delay(3, options));
    }

    [Fact]
    public void Delay_SourceOutOfRange_IsClampedSoTheWaitNeverGrows()
    {
        var options = new RotationOptions { JitterSource = () => -3 };

        Assert.Equal(TimeSpan.FromMinutes(5), FailureBackoff.Delay(1, options));
    }

    [Fact]
    public void Delay_ShortestSettings_IsStillAtLeastOneSecond()
    {
        var options = new RotationOptions { FailureRetryDelay = TimeSpan.FromSeconds(1), FailureRetryMaxDelay = TimeSpan.FromSeconds(1), FailureRetryJitter = 0.5, JitterSource = () => 0.99 };

        Assert.Equal(TimeSpan.FromSeconds(1), FailureBackoff.Delay(1, options));
    }
}
