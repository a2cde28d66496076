using System.Text.RegularExpressions;

namespace Keyturn.Providers.MySql;

/// <summary>
/// A MySQL / MariaDB account is a user and a host pattern. A rotation names it as user@host, or as user alone, meaning
/// user@% (the usual host of application accounts). Both parts follow a narrow rule, so a name carrying SQL is refused
/// before any call; the parts still reach the server only as bound parameters.
/// </summary>
public sealed partial record MySqlAccount(string User, string Host)
{
    public const string AnyHost = "%";

    public const string Rule =
        "must be an account as user or user@host: user 1 to 80 characters from letters, digits, _ $ . - ; host 1 to 255 characters from letters, digits, _ . % : / - (default %)";

    /// <summary>The account from user or user@host, or null when either part breaks <see cref="Rule"/>.</summary>
    public static MySqlAccount? Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var user = at < 0 ? text : text[..at];
        var host = at < 0 ? AnyHost : text[(at + 1)..];
        return UserPattern().IsMatch(user) && HostPattern().IsMatch(host) ? new MySqlAccount(user, host) : null;
    }

    /// <summary>user@host, the form stored in parameters and shown as the credential id.</summary>
    public override string ToString() => $"{User}@{Host}";

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_$.\-]{0,79}$")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.%:/\-]{1,255}$")]
    private static partial Regex HostPattern();
}
