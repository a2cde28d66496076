namespace Keyturn.Core.Domain;

/// <summary>A configured rotation: which credential, where its values are mapped, and when it rotates.</summary>
/// <param name="ParametersJson">Provider parameters (e.g. objectId, clientId, appName) as JSON.</param>
/// <param name="SecretsMappingJson">Output name to secret key, as a JSON object in the order given.</param>
/// <param name="ActiveIndex">Slot whose credential is mapped into the secrets.</param>
/// <param name="RotationStatus">"pending", "success" or "failed".</param>
/// <param name="LastRotationWasManual">Whether the last successful rotation was a create or manual trigger (moves the next run by a day, as Infisical does).</param>
public sealed record SecretRotation(
    Guid Id,
    Guid ProjectId,
    Guid EnvironmentId,
    Guid FolderId,
    string Type,
    string Name,
    string? Description,
    Guid ConnectionId,
    bool IsAutoRotationEnabled,
    int RotationInterval,
    int RotateAtHours,
    int RotateAtMinutes,
    string ParametersJson,
    string SecretsMappingJson,
    int ActiveIndex,
    string RotationStatus,
    string? LastRotationMessage,
    DateTimeOffset? LastRotationAttemptedAt,
    DateTimeOffset? LastRotatedAt,
    Guid? LastRotationJobId,
    bool LastRotationWasManual,
    DateTimeOffset? NextRotationAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    // Init properties rather than positional parameters, so the many places that build a rotation keep compiling.

    /// <summary>
    /// A cron expression (five fields, UTC) that decides <see cref="NextRotationAt"/> instead of
    /// <see cref="RotationInterval"/> and rotateAtUtc; null for an interval schedule. The interval fields are kept
    /// meanwhile, so switching back to an interval restores them.
    /// </summary>
    public string? RotationSchedule { get; init; }

    /// <summary>Scheduled attempts that failed in a row; a success sets it back to 0. Decides the retry backoff.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>While on, DELETE is refused (409): turning it off first is a deliberate step of its own.</summary>
    public bool IsDeleteProtected { get; init; }
}
