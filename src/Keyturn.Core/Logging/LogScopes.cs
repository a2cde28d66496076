using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Logging;

/// <summary>
/// Every logger scope Keyturn opens, in one place so it is plain that they carry ids only: the JSON log format writes
/// each scope's values into every line inside it, so a scope holding a request body or a credential would leak it into
/// all of them. Scopes are ambient (one async flow), so a line written by any logger while a request or job is handled
/// (a provider's, the HTTP client's) carries them too.
/// </summary>
public static class LogScopes
{
    private static readonly Func<ILogger, string, IDisposable?> RequestScope = LoggerMessage.DefineScope<string>("RequestId:{RequestId}");
    private static readonly Func<ILogger, Guid, IDisposable?> RotationScope = LoggerMessage.DefineScope<Guid>("RotationId:{RotationId}");
    private static readonly Func<ILogger, Guid, IDisposable?> ConnectionScope = LoggerMessage.DefineScope<Guid>("AppConnectionId:{AppConnectionId}");
    private static readonly Func<ILogger, Guid, IDisposable?> JobScope = LoggerMessage.DefineScope<Guid>("JobId:{JobId}");

    /// <summary>One HTTP request, by its correlation id (already checked to be short and of safe characters).</summary>
    public static IDisposable? Request(ILogger logger, string requestId) => RequestScope(logger, requestId);

    /// <summary>Work on one secret rotation, from its claim to its release.</summary>
    public static IDisposable? Rotation(ILogger logger, Guid rotationId) => RotationScope(logger, rotationId);

    /// <summary>
    /// Work on one app connection's own credential, from its claim to its release. Not "ConnectionId": Kestrel's scope
    /// uses that name for the TCP connection.
    /// </summary>
    public static IDisposable? Connection(ILogger logger, Guid connectionId) => ConnectionScope(logger, connectionId);

    /// <summary>One job (a rotation attempt or a connection self-rotation, run or resumed), inside its rotation's or connection's scope.</summary>
    public static IDisposable? Job(ILogger logger, Guid jobId) => JobScope(logger, jobId);
}
