using System.Text.Json;
using System.Text.Json.Serialization;
using Keyturn.Core.Rotation;

namespace Keyturn.Server.Views;

/// <summary>
/// Infisical's secret-rotation shape as named types (the same names and order the anonymous shape had), so the
/// answer to a rotation, which every manual rotation waits for, is written by a source-generated serializer: the
/// reflection-based one cost about 50 µs of CPU per answer in the rotation profile.
/// </summary>
public sealed record RotationJson(
    Guid Id,
    string Name,
    string? Description,
    JsonElement SecretsMapping,
    bool IsAutoRotationEnabled,
    int ActiveIndex,
    Guid FolderId,
    Guid ConnectionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int RotationInterval,
    string RotationStatus,
    DateTimeOffset? LastRotationAttemptedAt,
    DateTimeOffset? LastRotatedAt,
    Guid? LastRotationJobId,
    DateTimeOffset? NextRotationAt,
    RotationConnectionJson Connection,
    RotationEnvironmentJson Environment,
    Guid ProjectId,
    RotationFolderJson Folder,
    RotateAtUtcJson RotateAtUtc,
    string ScheduleKind,
    string? RotationSchedule,
    int FailedAttempts,
    string? LastRotationMessage,
    string Type,
    JsonElement Parameters)
{
    public static RotationJson From(RotationDetails details)
    {
        var r = details.Rotation;
        return new RotationJson(
            r.Id, r.Name, r.Description, Element(r.SecretsMappingJson), r.IsAutoRotationEnabled, r.ActiveIndex, r.FolderId, r.ConnectionId,
            r.CreatedAt, r.UpdatedAt, r.RotationInterval, r.RotationStatus, r.LastRotationAttemptedAt, r.LastRotatedAt, r.LastRotationJobId,
            r.NextRotationAt,
            new RotationConnectionJson(details.Connection.App, details.Connection.Name, details.Connection.Id),
            new RotationEnvironmentJson(details.Environment.Slug, details.Environment.Name, details.Environment.Id),
            r.ProjectId,
            new RotationFolderJson(details.Folder.Id, details.Folder.Path),
            new RotateAtUtcJson(r.RotateAtHours, r.RotateAtMinutes),
            // Which of the two schedules decides nextRotationAt; under "cron" the interval fields keep their values but do not count.
            r.RotationSchedule is null ? "interval" : "cron", r.RotationSchedule, r.FailedAttempts,
            r.LastRotationMessage, r.Type, Element(r.ParametersJson))
        {
            IsDeleteProtected = r.IsDeleteProtected,
        };
    }

    /// <summary>While true, DELETE answers 409 (an init property, after the Infisical fields, so their order stays).</summary>
    public bool IsDeleteProtected { get; init; }

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record RotationConnectionJson(string App, string Name, Guid Id);

public sealed record RotationEnvironmentJson(string Slug, string Name, Guid Id);

public sealed record RotationFolderJson(Guid Id, string Path);

public sealed record RotateAtUtcJson(int Hours, int Minutes);

/// <summary>`{ "secretRotation": {...} }`, the answer about one rotation.</summary>
public sealed record RotationEnvelope(RotationJson SecretRotation);

/// <summary>Web defaults (camelCase names, the same escaping) so the JSON matches what the anonymous shape produced.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RotationEnvelope))]
public sealed partial class RotationJsonContext : JsonSerializerContext;
