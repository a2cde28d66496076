namespace Keyturn.Core.Rotation;

/// <summary>
/// How a server stop reaches running attempts. A stop is asked for through the token each caller passes (the API's
/// ApplicationStopping, the scheduler's stopping token): an attempt then ends at its next journal boundary, before a
/// provider call whose intent is durable, and never cuts a call that is under way, so the provider's answer is recorded.
/// Only <see cref="Abort"/> (the host's shutdown timeout ran out) cancels provider calls themselves; the journal then
/// holds an intent without a result, which recovery at the next start settles, as it does after a crash.
/// </summary>
public sealed class RotationShutdown
{
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Cancelled when the shutdown timeout has run out: every provider call still running is cut.</summary>
    public CancellationToken Aborted => _abort.Token;

    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A late timeout after the container let go of this: nothing runs any more.
        }
    }

    /// <summary>The tokens one attempt runs with: <paramref name="stop"/> is the caller's; dispose when the attempt ends.</summary>
    public AttemptCancellation Begin(CancellationToken stop) => new(stop, Aborted);
}
