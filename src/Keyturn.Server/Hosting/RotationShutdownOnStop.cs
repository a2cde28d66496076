using Keyturn.Core.Rotation;

namespace Keyturn.Server.Hosting;

/// <summary>
/// Ties <see cref="RotationShutdown"/> to the host's stop. Stopping already reaches attempts through their callers'
/// tokens (ApplicationStopping, the scheduler's), which end them at the next journal boundary; this only aborts the
/// provider calls still running when the shutdown timeout (--shutdown-timeout) runs out, so a hung provider cannot
/// hold the process past it. Registered as a lifecycle service because StoppingAsync runs before any service stops,
/// whatever their order, and gets the token the timeout cancels.
/// </summary>
internal sealed class RotationShutdownOnStop(RotationShutdown shutdown) : IHostedLifecycleService
{
    private CancellationTokenRegistration _registration;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _registration = cancellationToken.Register(shutdown.Abort);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Every service has stopped (or the timeout passed): nothing is left for a late timeout to abort.
        _registration.Dispose();
        return Task.CompletedTask;
    }
}
