namespace Keyturn.Core.Rotation;

/// <summary>
/// One attempt's two tokens: <see cref="Token"/> for provider calls and journal writes (cancelled only by an abort), and
/// <see cref="Stopping"/>, checked at journal boundaries (the caller stopping, or an abort).
/// </summary>
public sealed class AttemptCancellation : IDisposable
{
    private readonly CancellationTokenSource _stopping;

    internal AttemptCancellation(CancellationToken stop, CancellationToken abort)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        Token = abort;
    }

    public CancellationToken Token { get; }

    public CancellationToken Stopping => _stopping.Token;

    public void Dispose() => _stopping.Dispose();
}
