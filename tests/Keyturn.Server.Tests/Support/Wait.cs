namespace Keyturn.Server.Tests.Support;

/// <summary>Bounded waits for a condition that another request makes true: a hang guard, not a timing assertion.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System, cancellationToken);
        }

        Assert.True(condition(), $"{what} did not happen within 10 s");
    }

    /// <summary>The same for a condition that reads the store or the API.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what = "the condition", CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }

        Assert.Fail($"{what} did not happen within 30 s");
    }
}
