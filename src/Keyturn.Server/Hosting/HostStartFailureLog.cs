namespace Keyturn.Server.Hosting;

/// <summary>
/// Keeps the generic host from logging a failed start: its "Hosting failed to start" error carries the whole stack
/// trace (a hundred lines for a port in use), while StartAsync throws the same exception on to the caller, which
/// reports it in one line. Released once the host has started, so later host errors (a background service that
/// fails) are logged as before.
/// </summary>
internal sealed class HostStartFailureLog
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private volatile bool _started;

    private HostStartFailureLog()
    {
    }

    public static HostStartFailureLog Hold(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var gate = new HostStartFailureLog();
        // This rule is more specific than the "Microsoft" one, so it restates that rule's Warning floor.
        logging.AddFilter(HostCategory, level => level >= LogLevel.Warning && (gate._started || level < LogLevel.Error));
        return gate;
    }

    public void Release() => _started = true;
}
