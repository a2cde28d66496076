using System.Text.Json;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Connections;

/// <summary>
/// PATCH of an app connection: name, description and the schedule of its own credential's rotation
/// (<c>credentialRotation: {isAutoRotationEnabled, rotationInterval, rotateAtUtc: {hours, minutes}}</c>). Fields left
/// out keep their value; unknown fields are refused; nothing is written unless every field is valid.
/// </summary>
public sealed class ConnectionUpdate(IKeyturnStore store, ConnectionService connections, AuditLog audit, TimeProvider timeProvider)
{
    private static readonly string[] Fields = ["name", "description", "credentialRotation"];
    private static readonly string[] RotationFields = ["isAutoRotationEnabled", "rotationInterval", "rotateAtUtc"];
    private static readonly string[] TimeFields = ["hours", "minutes"];

    public async Task<Result<AppConnection>> UpdateAsync(string actor, string app, Guid id, JsonElement body, CancellationToken cancellationToken)
    {
        var existing = await connections.GetAsync(app, id, cancellationToken);
        if (!existing.IsSuccess)
        {
            return existing;
        }

        var connection = existing.Value;
        var errors = new ValidationErrors();
        Json.RejectUnknown(body, Fields, errors);
        var name = Json.OptionalString(body, "name", errors) ?? connection.Name;
        if (!Rules.IsProjectSlug(name))
        {
            errors.Add("name", Rules.ProjectSlugRule);
        }

        var description = body.TryGetProperty("description", out _) ? Json.OptionalString(body, "description", errors) : connection.Description;
        if (description is { Length: > 256 })
        {
            errors.Add("description", "must be at most 256 characters");
        }

        var settings = ReadSettings(body, connection.CredentialRotation.Settings, errors);
        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        var state = connection.CredentialRotation;
        var next = settings == state.Settings && state.NextRotationAt is not null
            ? state.NextRotationAt
            : CredentialRotationSchedule.Next(settings, state.RotatedAt, connection.CreatedAt);
        var now = timeProvider.GetUtcNow();
        try
        {
            if (!await store.UpdateConnectionSettingsAsync(id, name, description, settings, next, now, cancellationToken))
            {
                return Problem.NotFound("App connection", id);
            }
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict($"An app connection named '{name}' already exists.");
        }

        await audit.RecordAsync(actor, "app-connection.updated", "app-connection", id.ToString(), null,
            new { name, credentialRotation = new { settings.IsAutoRotationEnabled, settings.RotationInterval, settings.RotateAtHours, settings.RotateAtMinutes } }, cancellationToken);
        return connection with
        {
            Name = name,
            Description = description,
            UpdatedAt = now,
            CredentialRotation = state with { Settings = settings, NextRotationAt = next },
        };
    }

    private static CredentialRotationSettings ReadSettings(JsonElement body, CredentialRotationSettings current, ValidationErrors errors)
    {
        if (Json.OptionalObject(body, "credentialRotation", errors) is not { } rotation)
        {
            return current;
        }

        Json.RejectUnknown(rotation, RotationFields, errors, "credentialRotation");
        var enabled = Json.OptionalBool(rotation, "isAutoRotationEnabled", errors, "credentialRotation.isAutoRotationEnabled") ?? current.IsAutoRotationEnabled;
        var interval = Json.OptionalInt(rotation, "rotationInterval", errors, "credentialRotation.rotationInterval") ?? current.RotationInterval;
        if (interval is < 1 or > 365)
        {
            errors.Add("credentialRotation.rotationInterval", "must be a whole number of days from 1 to 365");
        }

        var (hours, minutes) = (current.RotateAtHours, current.RotateAtMinutes);
        if (Json.OptionalObject(rotation, "rotateAtUtc", errors, "credentialRotation.rotateAtUtc") is { } at)
        {
            Json.RejectUnknown(at, TimeFields, errors, "credentialRotation.rotateAtUtc");
            hours = Json.OptionalInt(at, "hours", errors, "credentialRotation.rotateAtUtc.hours") ?? hours;
            minutes = Json.OptionalInt(at, "minutes", errors, "credentialRotation.rotateAtUtc.minutes") ?? minutes;
            if (hours is < 0 or > 23)
            {
                errors.Add("credentialRotation.rotateAtUtc.hours", "must be from 0 to 23");
            }

            if (minutes is < 0 or > 59)
            {
                errors.Add("credentialRotation.rotateAtUtc.minutes", "must be from 0 to 59");
            }
        }

        return new CredentialRotationSettings(enabled, interval, hours, minutes);
    }
}
