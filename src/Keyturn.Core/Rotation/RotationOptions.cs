namespace Keyturn.Core.Rotation;

/// <summary>Engine settings. Defaults suit real Azure; tests shorten the waits.</summary>
public sealed record RotationOptions
{
    /// <summary>How long a new credential may take to be accepted (Azure: seconds to about a minute). Default 120 s; 1 s to 30 min.</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>First wait between verify attempts; grows by half each time up to <see cref="VerifyMaxDelay"/>. Default 500 ms.</summary>
    public TimeSpan VerifyInitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between verify attempts. Default 5 s.</summary>
    public TimeSpan VerifyMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Added to 2 × interval for a credential's expiry at the provider, so a late rotation never finds the active one expired. Default 7 days.</summary>
    public TimeSpan ExpiryGrace { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long a claim on a rotation lasts without renewal; an attempt renews it every third of that. Default 15 min; 3 s to 1 day.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>This node's name in leases. Stable across restarts of the same data directory so a restarted node reclaims its own leases.</summary>
    public string NodeId { get; init; } = Environment.MachineName;

    /// <summary>Test hooks that stop an attempt at a step (KEYTURN_FAILPOINTS); none unless set.</summary>
    public Failpoints Failpoints { get; init; } = Failpoints.None;

    /// <summary>
    /// How many times a failed scheduled attempt is retried before the rotation waits for its next regular time
    /// (the next day at rotateAtUtc, or the next cron occurrence). Manual and create attempts are never retried. Default 3; 0 to 10.
    /// </summary>
    public int FailureRetries { get; init; } = 3;

    /// <summary>Wait before the first retry; each next wait is <see cref="FailureRetryBackoff"/> times longer. Default 5 min; 1 s to 1 day.</summary>
    public TimeSpan FailureRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Factor between consecutive retry waits. Default 3 (5, 15, then 45 capped to 40 min); 1 to 10.</summary>
    public double FailureRetryBackoff { get; init; } = 3;

    /// <summary>Longest wait between retries. Default 40 min, so the three default retries end within an hour; at least <see cref="FailureRetryDelay"/>, at most 1 day.</summary>
    public TimeSpan FailureRetryMaxDelay { get; init; } = TimeSpan.FromMinutes(40);

    /// <summary>
    /// Each retry wait is shortened by up to this fraction at random, so rotations that failed together (one tenant's
    /// outage) do not retry together. Shortened, never lengthened, so the retries still end within the nominal time. Default 0.2; 0 to 0.5.
    /// </summary>
    public double FailureRetryJitter { get; init; } = 0.2;

    /// <summary>Where the jitter comes from: a number in [0, 1). Tests fix it.</summary>
    public Func<double> JitterSource { get; init; } = Random.Shared.NextDouble;

    public void Validate()
    {
        Check(VerifyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30), nameof(VerifyTimeout));
        Check(VerifyInitialDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), nameof(VerifyInitialDelay));
        Check(VerifyMaxDelay, VerifyInitialDelay, TimeSpan.FromMinutes(5), nameof(VerifyMaxDelay));
        Check(ExpiryGrace, TimeSpan.Zero, TimeSpan.FromDays(365), nameof(ExpiryGrace));
        // Renewed every third of its duration while an attempt runs, so it need not outlive the verify window by itself.
        Check(LeaseDuration, TimeSpan.FromSeconds(3), TimeSpan.FromDays(1), nameof(LeaseDuration));
        Check(FailureRetryDelay, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(FailureRetryDelay));
        Check(FailureRetryMaxDelay, FailureRetryDelay, TimeSpan.FromDays(1), nameof(FailureRetryMaxDelay));
        Check(FailureRetries, 0, 10, nameof(FailureRetries));
        Check(FailureRetryBackoff, 1, 10, nameof(FailureRetryBackoff));
        Check(FailureRetryJitter, 0, 0.5, nameof(FailureRetryJitter));
        if (string.IsNullOrWhiteSpace(NodeId))
        {
            throw new ArgumentException("NodeId must not be empty.");
        }
    }

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }

    private static void Check(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }
}
