using Keyturn.Core.Domain;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Connections;

/// <summary>One self-rotation attempt: the connection as claimed, its opened credentials, its handler, job and journal.</summary>
internal sealed record ConnectionAttempt(
    AppConnection Connection, ConnectionSecret Secret, ISelfRotatingConnection Handler, ConnectionJob Job, ConnectionJournal Journal)
{
    public string Label => ConnectionSteps.Label(Job.Id);

    /// <summary>Who asked (the API's actor), or null for the scheduler and recovery.</summary>
    public string? RequestedBy { get; init; }
}
