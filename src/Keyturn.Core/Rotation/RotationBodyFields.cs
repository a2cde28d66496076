using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Rotation;

/// <summary>
/// The fields the secret-rotation create and PATCH bodies accept; any other field is refused by name
/// (<see cref="Json.RejectUnknown"/>). "parameters" and "secretsMapping" are checked against the provider's own lists.
/// </summary>
internal static class RotationBodyFields
{
    // rotationSchedule (a cron string) belongs to the scheduler's settings; it is listed here so that a body carrying
    // it is never refused while the two changes land separately.
    private static readonly string[] Schedule = ["isAutoRotationEnabled", "rotationInterval", "rotateAtUtc", "rotationSchedule"];

    private static readonly string[] RotateAtUtc = ["hours", "minutes"];

    /// <summary>Fields PATCH accepts only to say they cannot be changed (a clearer answer than "not a known field").</summary>
    public static readonly string[] Fixed = ["projectId", "environment", "secretPath", "type"];

    public const string DeleteProtected = "isDeleteProtected";

    public static readonly string[] Create =
        ["name", "projectId", "description", "connectionId", "environment", "secretPath", "parameters", "secretsMapping", DeleteProtected, .. Schedule];

    public static readonly string[] Update =
        ["name", "description", "connectionId", "parameters", "secretsMapping", UpdateRotationInput.KeepRenamedSecretsField, DeleteProtected, .. Schedule, .. Fixed];

    public static void Check(JsonElement body, IReadOnlyCollection<string> allowed, ValidationErrors errors)
    {
        Json.RejectUnknown(body, allowed, errors);
        if (Json.TryGet(body, "rotateAtUtc", out var at))
        {
            Json.RejectUnknown(at, RotateAtUtc, errors, "rotateAtUtc");
        }
    }
}
