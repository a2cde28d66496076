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

    public void Validate()
    {
        Check(VerifyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30), nameof(VerifyTimeout));
        Check(VerifyInitialDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), nameof(VerifyInitialDelay));
        Check(VerifyMaxDelay, VerifyInitialDelay, TimeSpan.FromMinutes(5), nameof(VerifyMaxDelay));
        Check(ExpiryGrace, TimeSpan.Zero, TimeSpan.FromDays(365), nameof(ExpiryGrace));
        // Renewed every third of its duration while an attempt runs, so it need not outlive the verify window by itself.
        Check(LeaseDuration, TimeSpan.FromSeconds(3), TimeSpan.FromDays(1), nameof(LeaseDuration));
        if (string.IsNullOrWhiteSpace(NodeId))
        {
            throw new ArgumentException("NodeId must not be empty.");
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
