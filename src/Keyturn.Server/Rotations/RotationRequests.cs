using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Core.Validation;

namespace Keyturn.Server.Rotations;

/// <summary>
/// Reads the secret-rotation create and PATCH bodies into typed commands: the envelope is checked here, field by
/// field; "parameters" and "secretsMapping" stay JSON in the command, because their shape is the provider's (each
/// provider checks its own parameters, and the outputs a mapping may name depend on them).
/// </summary>
public static class RotationRequests
{
    public const string KeepRenamedSecrets = "keepRenamedSecrets";
    private const string DeleteProtected = "isDeleteProtected";
    private const string FixedRule = "cannot be changed after creation; create a new rotation instead";

    // rotationSchedule (a cron string) belongs with the interval settings: one of the two decides nextRotationAt.
    private static readonly string[] Schedule = ["isAutoRotationEnabled", "rotationInterval", "rotateAtUtc", "rotationSchedule"];
    private static readonly string[] RotateAtUtc = ["hours", "minutes"];

    /// <summary>Fields PATCH accepts only to say they cannot be changed (a clearer answer than "not a known field").</summary>
    private static readonly string[] Fixed = ["projectId", "environment", "secretPath", "type"];

    private static readonly string[] CreateFields =
        ["name", "projectId", "description", "connectionId", "environment", "secretPath", "parameters", "secretsMapping", DeleteProtected, .. Schedule];

    private static readonly string[] UpdateFields =
        ["name", "description", "connectionId", "parameters", "secretsMapping", KeepRenamedSecrets, DeleteProtected, .. Schedule, .. Fixed];

    public static CreateRotationCommand? ParseCreate(JsonElement body, string type, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        RejectUnknown(body, CreateFields, errors);
        var name = Json.OptionalString(body, "name", errors);
        if (name is null)
        {
            errors.Add("name", "is required");
        }
        else if (!Rules.IsRotationName(name))
        {
            errors.Add("name", Rules.RotationNameRule);
        }

        var projectId = RequiredGuid(body, "projectId", errors);
        var connectionId = RequiredGuid(body, "connectionId", errors);
        var description = Description(body, errors);
        var environment = Json.OptionalString(body, "environment", errors);
        if (string.IsNullOrEmpty(environment))
        {
            errors.Add("environment", "is required");
        }

        var secretPath = Rules.NormalizeSecretPath(Json.OptionalString(body, "secretPath", errors) ?? "/");
        if (secretPath is null)
        {
            errors.Add("secretPath", Rules.SecretPathRule);
        }

        var schedule = ParseSchedule(body, errors);
        var parameters = Json.OptionalObject(body, "parameters", errors);
        if (parameters is null && !errors.ToDictionary().ContainsKey("parameters"))
        {
            errors.Add("parameters", "is required");
        }

        var deleteProtected = Json.OptionalBool(body, DeleteProtected, errors) ?? false;
        return errors.IsEmpty
            ? new CreateRotationCommand(type, name!, projectId!.Value, description, connectionId!.Value, environment!, secretPath!, schedule,
                parameters!.Value, Given(body, "secretsMapping"), deleteProtected)
            : null;
    }

    public static UpdateRotationCommand? ParseUpdate(JsonElement body, string type, Guid id, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        RejectUnknown(body, UpdateFields, errors);
        foreach (var field in Fixed.Where(f => Json.TryGet(body, f, out _)))
        {
            errors.Add(field, FixedRule);
        }

        var name = Json.OptionalString(body, "name", errors);
        if (name is not null && !Rules.IsRotationName(name))
        {
            errors.Add("name", Rules.RotationNameRule);
        }

        var description = Description(body, errors);
        Guid? connectionId = null;
        if (Json.OptionalString(body, "connectionId", errors) is { } connectionText)
        {
            if (Guid.TryParse(connectionText, out var parsed))
            {
                connectionId = parsed;
            }
            else
            {
                errors.Add("connectionId", Rules.GuidRule);
            }
        }

        var schedule = ParseSchedule(body, errors);
        var keep = Json.OptionalBool(body, KeepRenamedSecrets, errors) ?? false;
        var deleteProtected = Json.OptionalBool(body, DeleteProtected, errors);
        var fields = body.ValueKind == JsonValueKind.Object ? body.EnumerateObject().Select(p => p.Name).ToList() : [];
        return errors.IsEmpty
            ? new UpdateRotationCommand(type, id, fields, name, description, schedule, connectionId, Given(body, "parameters"), Given(body, "secretsMapping"),
                keep, deleteProtected)
            : null;
    }

    private static void RejectUnknown(JsonElement body, IReadOnlyCollection<string> allowed, ValidationErrors errors)
    {
        Json.RejectUnknown(body, allowed, errors);
        if (Json.TryGet(body, "rotateAtUtc", out var at))
        {
            Json.RejectUnknown(at, RotateAtUtc, errors, "rotateAtUtc");
        }
    }

    // Left out or null: the current value (none, on create).
    private static string? Description(JsonElement body, ValidationErrors errors)
    {
        var description = Json.OptionalString(body, "description", errors);
        if (description is { Length: > 256 })
        {
            errors.Add("description", "must be at most 256 characters");
        }

        return description;
    }

    /// <summary>The schedule fields as given; their ranges and how they combine are checked against the rotation's current schedule.</summary>
    private static RotationScheduleFields ParseSchedule(JsonElement body, ValidationErrors errors)
    {
        var auto = Json.OptionalBool(body, "isAutoRotationEnabled", errors);
        var interval = Json.OptionalInt(body, "rotationInterval", errors);
        int? hours = null;
        int? minutes = null;
        if (Json.OptionalObject(body, "rotateAtUtc", errors) is { } at)
        {
            hours = Json.OptionalInt(at, "hours", errors, "rotateAtUtc.hours");
            minutes = Json.OptionalInt(at, "minutes", errors, "rotateAtUtc.minutes");
        }

        // Left out keeps the current cron expression; JSON null returns to the interval schedule.
        var schedule = default(JsonElement);
        var given = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("rotationSchedule", out schedule);
        string? expression = null;
        if (given && schedule.ValueKind == JsonValueKind.String)
        {
            expression = schedule.GetString();
        }
        else if (given && schedule.ValueKind != JsonValueKind.Null)
        {
            errors.Add("rotationSchedule", RotationScheduleFields.RotationScheduleRule);
        }

        return new RotationScheduleFields(auto, interval, hours, minutes, given, expression);
    }

    private static Guid? RequiredGuid(JsonElement body, string field, ValidationErrors errors)
    {
        var text = Json.OptionalString(body, field, errors);
        if (text is null)
        {
            errors.Add(field, "is required");
            return null;
        }

        if (!Guid.TryParse(text, out var id))
        {
            errors.Add(field, Rules.GuidRule);
            return null;
        }

        return id;
    }

    private static JsonElement? Given(JsonElement body, string field) => Json.TryGet(body, field, out var value) ? value : null;
}
