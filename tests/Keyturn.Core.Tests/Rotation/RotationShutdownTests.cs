using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class RotationShutdownTests
{
    [Fact]
    public void Begin_CallerStops_AsksTheAttemptToStopButLeavesCallsRunning()
    {
        var shutdown = new RotationShutdown();
        using var caller = new CancellationTokenSource();
        using var attempt = shutdown.Begin(caller.Token);

        caller.Cancel();

        Assert.True(attempt.Stopping.IsCancellationRequested);
        Assert.False(attempt.Token.IsCancellationRequested);
    }

    [Fact]
    public void Abort_CutsCallsAndStopsEveryAttempt()
    {
        var shutdown = new RotationShutdown();
        using var first = shutdown.Begin(CancellationToken.None);
        using var second = shutdown.Begin(CancellationToken.None);

        shutdown.Abort();

        Assert.All([first, second], a => Assert.True(a.Token.IsCancellationRequested && a.Stopping.IsCancellationRequested));
    }
}
