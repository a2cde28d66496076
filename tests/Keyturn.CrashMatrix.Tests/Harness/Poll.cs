namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>A bounded wait for state another process produces: a hang guard, never a timing assertion.</summary>
public static class Poll
{
    /// <summary>
    /// Recovery bound: far below the 15-minute lease a crashed node leaves behind, so a restart that could not reclaim
    /// its own lease (node.id not persisted) fails here instead of waiting it out.
    /// </summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan bound, Func<Task<string>> describe)
    {
        using var timeout = new CancellationTokenSource(bound);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Not reached within {bound.TotalSeconds:0} s: {await describe()}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
