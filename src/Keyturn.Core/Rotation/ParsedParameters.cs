using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Rotation;

/// <summary>A rotation's parameters parsed once: the provider's typed record, the engine's password policy and the plan.</summary>
/// <param name="Policy">How the engine generates secrets; null for types whose target makes the secret.</param>
public sealed record ParsedParameters(object Typed, PasswordPolicy? Policy, RotationPlan Plan)
{
    /// <summary>Null when anything is wrong; each rule broken is in <paramref name="errors"/> under "parameters.…".</summary>
    public static ParsedParameters? Parse(IRotationProvider provider, JsonElement parameters, ValidationErrors errors)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            errors.Add("parameters", "must be an object");
            return null;
        }

        var local = new ValidationErrors();
        var typed = provider.ParseParameters(parameters, local);
        var plan = local.IsEmpty && typed is not null ? provider.Plan(typed) : null;
        var policy = provider.Descriptor.PasswordPolicy is { } defaults && plan?.GeneratesSecret != false ? PasswordPolicy.Parse(parameters, defaults, local) : null;
        errors.Merge(local, "parameters");
        return local.IsEmpty && plan is not null ? new ParsedParameters(typed!, policy, plan) : null;
    }
}
