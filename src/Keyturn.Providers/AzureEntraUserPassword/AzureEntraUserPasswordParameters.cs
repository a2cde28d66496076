using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;

namespace Keyturn.Providers.AzureEntraUserPassword;

/// <summary>Which Entra user's password to rotate, and the public client app to prove a new password with (optional).</summary>
/// <param name="UserId">The user's object id or userPrincipalName, as Graph's /users/{id} takes either.</param>
public sealed record AzureEntraUserPasswordParameters(string UserId, string? VerifyClientId)
{
    public const string UserIdRule = "must be the user's object id (a GUID) or userPrincipalName (name@domain, at most 113 characters)";

    /// <summary>32 characters from all four classes: Entra's rule needs three of them, and its allowed symbols include every one the engine draws.</summary>
    public static readonly PasswordPolicy DefaultPolicy = new();

    public static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.String("userId", required: true, UserIdRule, "The Entra user whose password is rotated: object id or userPrincipalName."),
        ParameterSpec.PasswordPolicy(DefaultPolicy.Describe()),
        ParameterSpec.Guid("verifyClientId", required: false,
            "Client id of an app with \"Allow public client flows\" on: each new password is proven by signing in as the user (password grant). Leave out for users with MFA or federated sign-in; Graph's answer is then trusted.",
            changeable: true),
    ];

    public static AzureEntraUserPasswordParameters? Parse(ParameterReader reader)
    {
        var userId = reader.String("userId");
        if (userId is not null && !IsUserId(userId))
        {
            reader.Errors.Add("userId", UserIdRule);
            userId = null;
        }

        var verifyClientId = reader.Guid("verifyClientId");
        CheckPolicyMeetsEntraRule(reader);
        return userId is null ? null : new AzureEntraUserPasswordParameters(userId, verifyClientId?.ToString());
    }

    private static bool IsUserId(string value)
    {
        if (Guid.TryParse(value, out _))
        {
            return true;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        return value.Length <= 113 && at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && !value.Any(char.IsWhiteSpace);
    }

    // The engine parses and checks the policy itself; this adds only Entra's rule, so a policy that can never pass
    // is refused at create instead of by Graph at every rotation.
    private static void CheckPolicyMeetsEntraRule(ParameterReader reader)
    {
        var scratch = new ValidationErrors();
        if (PasswordPolicy.Parse(reader.Parameters, DefaultPolicy, scratch) is not { } policy || !scratch.IsEmpty)
        {
            return;
        }

        var classes = new[] { policy.Lowercase, policy.Uppercase, policy.Digits, policy.Symbols }.Count(c => c);
        if (classes < 3)
        {
            reader.Errors.Add(PasswordPolicy.ParameterName,
                "must enable at least three of lowercase, uppercase, digits and symbols: Entra's complexity rule refuses passwords with fewer");
        }
    }
}
