using System.Text.Json;
using Keyturn.Core.Connections;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Server.Connections;

/// <summary>
/// Reads and checks the bodies of the app-connection routes into typed commands, so Core never sees the JSON. Every
/// field's rule is checked here, with nothing read from the store, so one 400 names every bad field.
/// </summary>
public static class ConnectionRequests
{
    private const int MaxDescriptionLength = 256;
    private static readonly string[] CommonFields = ["name", "description"];
    private static readonly string[] UpdateFields = ["name", "description", "credentialRotation"];
    private static readonly string[] RotationFields = ["isAutoRotationEnabled", "rotationInterval", "rotateAtUtc"];
    private static readonly string[] TimeFields = ["hours", "minutes"];

    /// <summary>
    /// POST /api/v1/app-connections/{app}: name and description here; the app's own fields (method, credentials,
    /// endpoints, …) differ per app, so its handler reads and checks them, and refuses what it does not know inside them.
    /// </summary>
    public static CreateConnectionCommand? ParseCreate(JsonElement body, IAppConnectionHandler handler, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Json.RejectUnknown(body, [.. CommonFields, .. handler.BodyFields], errors);
        var name = Json.OptionalString(body, "name", errors);
        if (name is null)
        {
            errors.Add("name", "is required");
        }
        else if (!Rules.IsProjectSlug(name))
        {
            errors.Add("name", Rules.ProjectSlugRule);
        }

        var description = ParseDescription(body, errors);
        var parsed = handler.Parse(body);
        if (!parsed.IsSuccess)
        {
            errors.MergeProblem(parsed.Problem);
        }

        return errors.IsEmpty ? new CreateConnectionCommand(handler.App, name!, description, parsed.Value!) : null;
    }

    /// <summary>
    /// PATCH /api/v1/app-connections/{app}/{id}: name, description and
    /// <c>credentialRotation: {isAutoRotationEnabled, rotationInterval, rotateAtUtc: {hours, minutes}}</c>. Fields left
    /// out (or null, except description, which null clears) keep their value.
    /// </summary>
    public static UpdateConnectionCommand? ParseUpdate(JsonElement body, ValidationErrors errors)
    {
        Json.RejectUnknown(body, UpdateFields, errors);
        var name = Json.OptionalString(body, "name", errors);
        if (name is not null && !Rules.IsProjectSlug(name))
        {
            errors.Add("name", Rules.ProjectSlugRule);
        }

        var setsDescription = body.TryGetProperty("description", out _);
        var description = ParseDescription(body, errors);
        var rotation = ParseRotation(body, errors);
        return errors.IsEmpty ? new UpdateConnectionCommand(name, setsDescription, description, rotation) : null;
    }

    private static string? ParseDescription(JsonElement body, ValidationErrors errors)
    {
        var description = Json.OptionalString(body, "description", errors);
        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add("description", $"must be at most {MaxDescriptionLength} characters");
        }

        return description;
    }

    private static CredentialRotationChange? ParseRotation(JsonElement body, ValidationErrors errors)
    {
        if (Json.OptionalObject(body, "credentialRotation", errors) is not { } rotation)
        {
            return null;
        }

        Json.RejectUnknown(rotation, RotationFields, errors, "credentialRotation");
        var enabled = Json.OptionalBool(rotation, "isAutoRotationEnabled", errors, "credentialRotation.isAutoRotationEnabled");
        var interval = Json.OptionalInt(rotation, "rotationInterval", errors, "credentialRotation.rotationInterval");
        if (interval is < 1 or > 365)
        {
            errors.Add("credentialRotation.rotationInterval", "must be a whole number of days from 1 to 365");
        }

        int? hours = null, minutes = null;
        if (Json.OptionalObject(rotation, "rotateAtUtc", errors, "credentialRotation.rotateAtUtc") is { } at)
        {
            Json.RejectUnknown(at, TimeFields, errors, "credentialRotation.rotateAtUtc");
            hours = Json.OptionalInt(at, "hours", errors, "credentialRotation.rotateAtUtc.hours");
            minutes = Json.OptionalInt(at, "minutes", errors, "credentialRotation.rotateAtUtc.minutes");
            if (hours is < 0 or > 23)
            {
                errors.Add("credentialRotation.rotateAtUtc.hours", "must be from 0 to 23");
            }

            if (minutes is < 0 or > 59)
            {
                errors.Add("credentialRotation.rotateAtUtc.minutes", "must be from 0 to 59");
            }
        }

        return new CredentialRotationChange(enabled, interval, hours, minutes);
    }
}
