using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Notifications;

/// <summary>
/// rotation.succeeded or rotation.failed for a job that ended. Keyed by the job, so the engine's publish and the sweep
/// that publishes recently ended jobs again (after a crash between a job's end and its publish) record it once.
/// </summary>
public static class JobEndEvent
{
    public static string Key(Guid jobId) => $"job:{jobId}";

    public static RotationEvent Of(Guid rotationId, Guid jobId, string trigger, bool succeeded, string? message, DateTimeOffset at) => new(
        succeeded ? RotationEventTypes.Succeeded : RotationEventTypes.Failed,
        Key(jobId),
        rotationId,
        message,
        at,
        new Dictionary<string, string> { ["jobId"] = jobId.ToString(), ["trigger"] = trigger });

    /// <summary>The event of a job read back from the store; null while it is still running.</summary>
    public static RotationEvent? Of(RotationJob job) => job is { EndedAt: { } ended, Status: JobStatuses.Succeeded or JobStatuses.Failed }
        ? Of(job.RotationId, job.Id, job.Trigger, job.Status == JobStatuses.Succeeded, job.Message, ended)
        : null;
}
