using System.Text.RegularExpressions;

namespace Keyturn.Providers.Postgres;

/// <summary>
/// Role names a rotation accepts, and how one is written into SQL. PostgreSQL would take almost any text as a quoted
/// identifier, but a name carrying quotes, semicolons or spaces is far likelier an injection attempt than a real role, so
/// the rule is narrow; the name is still quoted by PostgreSQL's rule, never spliced in bare.
/// </summary>
public static partial class PostgresRoleName
{
    public const string Rule = "must be a role name of 1 to 63 characters: letters, digits, _ $ . - (starting with a letter, digit or _)";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    /// <summary>A quoted identifier: the name in double quotes with each double quote doubled (PostgreSQL's documented rule); NUL cannot be quoted at all.</summary>
    public static string Quote(string name) =>
        name.Contains('\0') ? throw new ArgumentException("A role name cannot contain NUL.", nameof(name)) : "\"" + name.Replace("\"", "\"\"") + "\"";

    // 63 bytes is PostgreSQL's NAMEDATALEN - 1; the characters allowed are single bytes, so 63 characters.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_$.\-]{0,62}$")]
    private static partial Regex Pattern();
}
