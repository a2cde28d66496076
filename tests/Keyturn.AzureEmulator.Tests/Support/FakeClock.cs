using Microsoft.Extensions.Time.Testing;

namespace Keyturn.AzureEmulator.Tests.Support;

/// <summary>Fake clocks for the emulator (<see cref="AzureEmulatorOptions.TimeProvider"/>), moved by the test.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Starts at the real "now": the emulator's TLS certificate and the Azure SDK's token cache follow the real clock,
    /// so the emulated one starts beside it and only moves when the test advances it.
    /// </summary>
    public static FakeTimeProvider StartingNow() => new(TimeProvider.System.GetUtcNow());

    /// <summary>
    /// Advances <paramref name="clock"/> by <paramref name="step"/> until <paramref name="task"/> completes, at most
    /// <paramref name="maxSteps"/> times, letting real time pass between steps only for the task's continuations.
    /// Steps rather than one jump because the timer the task waits on may start just after the first step.
    /// </summary>
    public static async Task AdvanceUntilCompletedAsync(this FakeTimeProvider clock, Task task, TimeSpan step, int maxSteps)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            clock.Advance(step);
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System));
        }

        Assert.True(task.IsCompleted, $"still waiting after the emulated clock moved {maxSteps} x {step}");
    }
}
