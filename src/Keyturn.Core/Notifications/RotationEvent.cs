namespace Keyturn.Core.Notifications;

/// <summary>
/// Something about a rotation that people subscribed to should hear of. Never carries a secret: the publisher adds the
/// rotation's name, type, place and times when it records the event, so a receiver sees the rotation as it stood then.
/// </summary>
/// <param name="Type">One of <see cref="RotationEventTypes"/>.</param>
/// <param name="Key">
/// Identifies the occurrence: publishing the same key twice records it once (a job's end published again after a crash,
/// an upcoming reminder found again by the next scan), so producers may publish at least once without duplicates.
/// </param>
/// <param name="Details">Event-specific, non-secret facts (job id, days before, credential id and expiry, findings).</param>
public sealed record RotationEvent(
    string Type,
    string Key,
    Guid RotationId,
    string? Message,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Details);
