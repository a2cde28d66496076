using System.Text.Json;

namespace Keyturn.Core.Rotation;

/// <summary>
/// The schedule fields a create or PATCH body gave, as sent (null: not given); their ranges and how they combine with
/// the rotation's current schedule are <see cref="RotationSettings"/>'s rules.
/// </summary>
/// <param name="RotationScheduleGiven">Whether the body named rotationSchedule at all: given as null returns to the interval schedule.</param>
public sealed record RotationScheduleFields(
    bool? IsAutoRotationEnabled,
    int? RotationInterval,
    int? RotateAtHours,
    int? RotateAtMinutes,
    bool RotationScheduleGiven,
    string? RotationSchedule)
{
    /// <summary>What rotationSchedule must be, for a body that sends something else.</summary>
    public const string RotationScheduleRule = $"{CronSchedule.Rule}, or null for the rotationInterval schedule";
}

/// <summary>A new secret rotation of <paramref name="Type"/>, its envelope read and shape-checked by the caller.</summary>
/// <param name="SecretPath">Normalised ("/a/b").</param>
/// <param name="Parameters">
/// The provider's own parameters, kept as JSON: each provider reads and checks its own shape (<see cref="ParsedParameters"/>).
/// </param>
/// <param name="SecretsMapping">
/// Output name to secret name, kept as JSON (null when not given): which outputs exist depends on the provider and on
/// the parameters, so it is checked with them.
/// </param>
public sealed record CreateRotationCommand(
    string Type,
    string Name,
    Guid ProjectId,
    string? Description,
    Guid ConnectionId,
    string Environment,
    string SecretPath,
    RotationScheduleFields Schedule,
    JsonElement Parameters,
    JsonElement? SecretsMapping,
    bool IsDeleteProtected);

/// <summary>A PATCH of secret rotation <paramref name="Id"/>: a field left null keeps its value.</summary>
/// <param name="Fields">The names of the fields the body gave, for the audit entry.</param>
/// <param name="Parameters">A merge patch over the stored parameters (null in it removes one), kept as JSON for the provider.</param>
/// <param name="SecretsMapping">The whole new mapping, kept as JSON (checked against the outputs the parameters give).</param>
/// <param name="KeepRenamedSecrets">Whether secrets whose names leave the mapping stay as ordinary secrets (default: deleted).</param>
public sealed record UpdateRotationCommand(
    string Type,
    Guid Id,
    IReadOnlyList<string> Fields,
    string? Name,
    string? Description,
    RotationScheduleFields Schedule,
    Guid? ConnectionId,
    JsonElement? Parameters,
    JsonElement? SecretsMapping,
    bool KeepRenamedSecrets,
    bool? IsDeleteProtected);
