using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;

namespace Keyturn.Server.Views;

/// <summary>`{ "secretRotationOptions": [...] }`, the answer of GET /api/v2/secret-rotations/options (Infisical's envelope).</summary>
public sealed record SecretRotationOptionsEnvelope(IReadOnlyList<SecretRotationOption> SecretRotationOptions);

/// <summary>
/// One rotation type. name, type, connection and template are the fields Infisical's list item has; the rest
/// describes the type well enough for a client (the CLI) to build a create body without knowing the type.
/// </summary>
/// <param name="Name">A display name made from the type ("azure-client-secret" becomes "Azure Client Secret").</param>
/// <param name="Connection">The app connection family its connectionId must name, e.g. "azure".</param>
/// <param name="Shape">"additive", "fixed-slot" or "in-place" (docs/rotation-engine.md).</param>
/// <param name="MaxSlots">2 for dual-phase types, 1 for single-phase; a rotation may use fewer, as its parameters decide.</param>
/// <param name="PasswordPolicy">The default policy for secrets Keyturn generates; null when the target makes the secret.</param>
public sealed record SecretRotationOption(
    string Name,
    string Type,
    string Connection,
    string Shape,
    int MaxSlots,
    string Description,
    IReadOnlyList<RotationParameterOption> Parameters,
    IReadOnlyList<RotationOutputOption> Outputs,
    PasswordPolicyOption? PasswordPolicy,
    RotationTemplate Template);

/// <param name="Type">"string", "guid", "integer", "boolean", "string[]", "integer[]" or "object".</param>
/// <param name="Rules">The rule a value must meet, in the words a 400 uses.</param>
/// <param name="Changeable">Whether PATCH may change it after create.</param>
public sealed record RotationParameterOption(string Name, string Type, bool Required, string Rules, string Description, bool Changeable);

/// <param name="Required">Whether every secrets mapping must map it.</param>
public sealed record RotationOutputOption(string Name, string Description, bool Required);

public sealed record PasswordPolicyOption(int Length, bool Lowercase, bool Uppercase, bool Digits, bool Symbols, string ExcludedCharacters, string Description);

/// <summary>A create body's skeleton: the required parameters with empty values of their type, and a mapping with suggested names.</summary>
public sealed record RotationTemplate(IReadOnlyDictionary<string, JsonNode?> Parameters, IReadOnlyDictionary<string, string> SecretsMapping);

public static class RotationOptionsJson
{
    public static SecretRotationOptionsEnvelope From(IEnumerable<IRotationProvider> providers) => new([.. providers.Select(p => From(p.Descriptor))]);

    public static SecretRotationOption From(ProviderDescriptor d) => new(
        DisplayName(d.Type),
        d.Type,
        d.ConnectionApp,
        Shape(d.Shape),
        d.MaxSlots,
        d.Description,
        [.. d.Parameters.Select(p => new RotationParameterOption(p.Name, p.Type, p.Required, p.Rules, p.Description, p.Changeable))],
        [.. d.Outputs.Select(o => new RotationOutputOption(o.Name, o.Description, o.Required))],
        d.PasswordPolicy is { } policy
            ? new PasswordPolicyOption(policy.Length, policy.Lowercase, policy.Uppercase, policy.Digits, policy.Symbols, policy.ExcludedCharacters, policy.Describe())
            : null,
        Template(d));

    public static string Shape(RotationShape shape) => shape switch
    {
        RotationShape.Additive => "additive",
        RotationShape.FixedSlot => "fixed-slot",
        RotationShape.InPlace => "in-place",
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "A shape without a name in the API."),
    };

    private static RotationTemplate Template(ProviderDescriptor d)
    {
        var parameters = d.Parameters.Where(p => p.Required).ToDictionary(p => p.Name, p => EmptyValue(p.Type));
        // Infisical's templates map every output a type needs; with none required, every optional one is offered.
        var outputs = d.Outputs.Any(o => o.Required) ? d.Outputs.Where(o => o.Required) : d.Outputs;
        return new RotationTemplate(parameters, outputs.ToDictionary(o => o.Name, o => SecretName(d.ConnectionApp, o.Name)));
    }

    private static JsonNode? EmptyValue(string type) => type switch
    {
        "integer" => JsonValue.Create(0),
        "boolean" => JsonValue.Create(false),
        "string[]" or "integer[]" => new JsonArray(),
        "object" => new JsonObject(),
        _ => JsonValue.Create(""),
    };

    // "azure" + "clientSecret" becomes AZURE_CLIENT_SECRET, the names Infisical's azure template suggests.
    private static string SecretName(string app, string output)
    {
        var name = new StringBuilder(app.Replace('-', '_').ToUpperInvariant()).Append('_');
        for (var i = 0; i < output.Length; i++)
        {
            if (i > 0 && char.IsUpper(output[i]) && !char.IsUpper(output[i - 1]))
            {
                name.Append('_');
            }

            name.Append(char.IsLetterOrDigit(output[i]) ? char.ToUpperInvariant(output[i]) : '_');
        }

        return name.ToString();
    }

    private static string DisplayName(string type) =>
        string.Join(' ', type.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));
}
