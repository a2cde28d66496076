using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Tests.Shared;

/// <summary>
/// Fake clocks for the Azure emulator (its options' TimeProvider: token lifetimes, propagation, fault delays), moved
/// by the test. Linked into the test projects that drive an emulator.
/// </summary>
internal static class FakeClock
{
    /// <summary>
    /// Starts at the real "now": the emulator's TLS certificate and the Azure SDK's token cache follow the real clock,
    /// so the emulated one starts beside it and only moves when the test advances it.
    /// </summary>
    public static FakeTimeProvider StartingNow() => new(TimeProvider.System.GetUtcNow());

    /// <summary>
    /// Advances <paramref name="clock"/> by <paramref name="step"/> until <paramref name="condition"/> holds, at most
    /// <paramref name="maxSteps"/> times, giving the waiting code a moment of real time after each step. Steps
    /// rather than one jump because a timer may start just after the first step: it then fires on a later one.
    /// </summary>
    public static async Task AdvanceUntilAsync(
        this FakeTimeProvider clock, Func<bool> condition, TimeSpan step, int maxSteps, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < maxSteps && !condition(); i++)
        {
            clock.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
        }

        Assert.True(condition(), $"the condition still did not hold after the emulated clock moved {maxSteps} x {step}");
    }
}
