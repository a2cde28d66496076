namespace Keyturn.Core.Rotation;

/// <summary>The wait before a retry of a failed scheduled attempt: exponential, capped, then shortened by jitter.</summary>
internal static class FailureBackoff
{
    /// <param name="retry">1 for the first retry.</param>
    public static TimeSpan Delay(int retry, RotationOptions options)
    {
        var nominal = options.FailureRetryDelay.TotalSeconds * Math.Pow(options.FailureRetryBackoff, retry - 1);
        var capped = Math.Min(nominal, options.FailureRetryMaxDelay.TotalSeconds);
        var jittered = capped * (1 - options.FailureRetryJitter * Math.Clamp(options.JitterSource(), 0, 1));
        // Whole seconds: storage keeps milliseconds, and a retry time read back must equal the one answered.
        // At least one second, so no setting can make a failing rotation spin.
        return TimeSpan.FromSeconds(Math.Max(1, Math.Round(jittered)));
    }
}
