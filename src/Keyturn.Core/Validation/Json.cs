using System.Text.Json;
using Keyturn.Core.Results;

namespace Keyturn.Core.Validation;

/// <summary>
/// Typed reads of a JSON body that record a rule per wrongly typed field instead of throwing, so one response
/// can name every bad field.
/// </summary>
public static class Json
{
    public static string? OptionalString(JsonElement obj, string name, ValidationErrors errors, string? path = null)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(path ?? name, "must be a string");
        return null;
    }

    public static bool? OptionalBool(JsonElement obj, string name, ValidationErrors errors, string? path = null)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(path ?? name, "must be true or false");
        return null;
    }

    public static int? OptionalInt(JsonElement obj, string name, ValidationErrors errors, string? path = null)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        errors.Add(path ?? name, "must be a whole number");
        return null;
    }

    public static JsonElement? OptionalObject(JsonElement obj, string name, ValidationErrors errors, string? path = null)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        errors.Add(path ?? name, "must be an object");
        return null;
    }

    /// <summary>
    /// Adds one rule per property of <paramref name="obj"/> that is not in <paramref name="allowed"/>, naming the fields
    /// that are. Keyturn's own bodies refuse what they would otherwise ignore: a misspelt or unsupported field silently
    /// dropped is a setting the caller believes is in force. (Infisical-shaped routes do not call this: its clients send
    /// fields Keyturn has no use for.)
    /// </summary>
    /// <param name="path">Prefix for nested objects, e.g. "rotateAtUtc" to report "rotateAtUtc.minute".</param>
    public static void RejectUnknown(JsonElement obj, IReadOnlyCollection<string> allowed, ValidationErrors errors, string? path = null)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in obj.EnumerateObject().Where(p => !allowed.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(path is null ? property.Name : $"{path}.{property.Name}", $"is not a known field (fields: {string.Join(", ", allowed)})");
        }
    }

    /// <summary>True when the property is present and not JSON null.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }
}
