using Keyturn.Core.Providers;

namespace Keyturn.Providers.Database;

/// <summary>The two accounts a database credentials rotation alternates between: slot 0 is username1, slot 1 username2.</summary>
public sealed record DatabaseCredentialsParameters(string Username1, string Username2)
{
    public IReadOnlyList<string> Usernames => [Username1, Username2];

    public static IReadOnlyList<ParameterSpec> Specs(string nameRule, string accountWord, string policyDefaults) =>
    [
        ParameterSpec.String("username1", required: true, nameRule, $"The first {accountWord}; the create sets its password and maps it."),
        ParameterSpec.String("username2", required: true, nameRule, $"The second {accountWord}; the first rotation sets its password and maps it."),
        ParameterSpec.PasswordPolicy(policyDefaults),
    ];

    /// <summary>
    /// Both names must pass <paramref name="normalize"/> (which returns null for a name outside the type's rule), and
    /// name different accounts: a name carrying SQL is refused here, before anything reaches the server.
    /// </summary>
    public static DatabaseCredentialsParameters? Parse(ParameterReader reader, string nameRule, Func<string, string?> normalize)
    {
        var names = new[] { "username1", "username2" }.Select(field =>
        {
            var raw = reader.String(field);
            var normalized = raw is null ? null : normalize(raw);
            if (raw is not null && normalized is null)
            {
                reader.Errors.Add(field, nameRule);
            }

            return normalized;
        }).ToArray();
        if (names[0] is null || names[1] is null)
        {
            return null;
        }

        if (names[0] == names[1])
        {
            reader.Errors.Add("username2", "must name a different account than username1: the previous password keeps working only on the other account");
            return null;
        }

        return new DatabaseCredentialsParameters(names[0]!, names[1]!);
    }
}
