using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Providers;

/// <summary>
/// Typed reads of a rotation's "parameters" object against the provider's <see cref="ParameterSpec"/> list: unknown
/// fields and missing required ones are reported once here, so each provider only states its own rules.
/// </summary>
public sealed class ParameterReader
{
    private readonly IReadOnlyList<ParameterSpec> _specs;

    public ParameterReader(JsonElement parameters, IReadOnlyList<ParameterSpec> specs, ValidationErrors errors)
    {
        Parameters = parameters;
        _specs = specs;
        Errors = errors;
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            errors.Add("parameters", "must be an object");
            return;
        }

        foreach (var property in parameters.EnumerateObject().Where(p => specs.All(s => s.Name != p.Name)))
        {
            errors.Add(property.Name, $"is not a parameter of this rotation type (parameters: {string.Join(", ", specs.Select(s => s.Name))})");
        }

        foreach (var spec in specs.Where(s => s.Required && !Json.TryGet(parameters, s.Name, out _)))
        {
            errors.Add(spec.Name, $"is required and {spec.Rules}");
        }
    }

    public JsonElement Parameters { get; }

    /// <summary>Where rule violations go; field names are relative to "parameters".</summary>
    public ValidationErrors Errors { get; }

    public string? String(string name)
    {
        var value = Json.OptionalString(Parameters, Known(name), Errors);
        if (value is not null && value.Trim().Length == 0)
        {
            Errors.Add(name, "must not be empty");
            return null;
        }

        return value;
    }

    public Guid? Guid(string name)
    {
        var text = Json.OptionalString(Parameters, Known(name), Errors);
        if (text is null)
        {
            return null;
        }

        if (System.Guid.TryParse(text, out var id))
        {
            return id;
        }

        Errors.Add(name, Rules.GuidRule);
        return null;
    }

    public int? Int(string name) => Json.OptionalInt(Parameters, Known(name), Errors);

    public bool? Bool(string name) => Json.OptionalBool(Parameters, Known(name), Errors);

    public JsonElement? Object(string name) => Json.OptionalObject(Parameters, Known(name), Errors);

    public IReadOnlyList<string>? Strings(string name)
    {
        if (!Json.TryGet(Parameters, Known(name), out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            Errors.Add(name, "must be an array of strings");
            return null;
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    // A provider reading a name it did not declare is a bug in the provider, not bad input.
    private string Known(string name) =>
        _specs.Any(s => s.Name == name) ? name : throw new InvalidOperationException($"Parameter '{name}' is not declared in the provider's descriptor.");
}
