namespace Keyturn.Core.Providers;

/// <summary>One provider parameter as the options route and the CLI describe it.</summary>
/// <param name="Type">JSON type: "string", "guid", "integer", "boolean", "string[]", "integer[]" or "object".</param>
/// <param name="Rules">The rule a value must meet, in the words a 400 uses.</param>
/// <param name="Changeable">Whether PATCH may change it after create (a new value applies from the next rotation).</param>
public sealed record ParameterSpec(string Name, string Type, bool Required, string Rules, string Description, bool Changeable = false)
{
    public static ParameterSpec String(string name, bool required, string rules, string description, bool changeable = false) =>
        new(name, "string", required, rules, description, changeable);

    public static ParameterSpec Guid(string name, bool required, string description, bool changeable = false) =>
        new(name, "guid", required, Validation.Rules.GuidRule, description, changeable);

    /// <summary>The engine-generated secret's policy (length, character classes, exclusions); see <see cref="PasswordPolicySpec"/>.</summary>
    public static ParameterSpec PasswordPolicy(string defaults) =>
        new(Rotation.PasswordPolicy.ParameterName, "object", false, Rotation.PasswordPolicy.RulesText, $"How new secrets are generated. Default: {defaults}.", Changeable: true);
}
