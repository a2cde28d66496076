using Keyturn.Core.Domain;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Connections;

/// <summary>
/// One self-rotation attempt: the connection as claimed, its opened credentials, its handler (additive
/// <see cref="ISelfRotatingConnection"/> or in-place <see cref="ISelfRotatingConnectionPassword"/>), job and journal.
/// </summary>
internal sealed record ConnectionAttempt(
    AppConnection Connection, ConnectionSecret Secret, IAppConnectionHandler Handler, ConnectionJob Job, ConnectionJournal Journal)
{
    public string Label => ConnectionSteps.Label(Job.Id);

    /// <summary>Who asked (the API's actor), or null for the scheduler and recovery.</summary>
    public string? RequestedBy { get; init; }

    public bool IsInPlace => Handler is ISelfRotatingConnectionPassword;

    /// <summary>The handler of a connection that issues a new credential next to the old one.</summary>
    public ISelfRotatingConnection Dual => Handler as ISelfRotatingConnection
        ?? throw new InvalidOperationException($"'{Handler.App}' connections do not issue credentials side by side.");

    /// <summary>The handler of a connection that sets its one password in place.</summary>
    public ISelfRotatingConnectionPassword InPlace => Handler as ISelfRotatingConnectionPassword
        ?? throw new InvalidOperationException($"'{Handler.App}' connections do not set their password in place.");
}
