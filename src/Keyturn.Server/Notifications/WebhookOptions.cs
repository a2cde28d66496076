namespace Keyturn.Server.Notifications;

/// <summary>How webhook deliveries are sent and retried. Defaults suit production; tests shorten the poll.</summary>
public sealed record WebhookOptions
{
    /// <summary>How often the dispatcher looks for due deliveries (a publish on this node wakes it at once). Default 5 s; 50 ms to 5 min.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait before the first retry; doubled for each next one up to <see cref="MaxRetryDelay"/>. Default 30 s.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries. Default 1 h.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A delivery not accepted within this time of its creation is failed. Default 1 day.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long one receiver may take to answer. Default 10 s; 1 s to 1 min.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many deliveries are sent at once. Default 8; 1 to 64.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>How often jobs that ended recently are published again, in case a crash lost a publish. Default 5 min.</summary>
    public TimeSpan RepublishInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Each retry wait is shortened by up to this fraction at random, so receivers are not hit in waves. Default 0.2; 0 to 0.5.</summary>
    public double RetryJitter { get; init; } = 0.2;

    /// <summary>Where the jitter comes from: a number in [0, 1). Tests fix it.</summary>
    public Func<double> JitterSource { get; init; } = Random.Shared.NextDouble;

    public void Validate()
    {
        Check(PollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5), nameof(PollInterval));
        Check(FirstRetryDelay, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(FirstRetryDelay));
        Check(MaxRetryDelay, FirstRetryDelay, TimeSpan.FromDays(1), nameof(MaxRetryDelay));
        Check(GiveUpAfter, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), nameof(GiveUpAfter));
        Check(RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), nameof(RequestTimeout));
        Check(RepublishInterval, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), nameof(RepublishInterval));
        if (Concurrency is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "Concurrency must be between 1 and 64.");
        }

        if (RetryJitter is < 0 or > 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryJitter), RetryJitter, "RetryJitter must be between 0 and 0.5.");
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
