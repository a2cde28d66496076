namespace Keyturn.AzureEmulator.Users;

/// <summary>
/// Entra's default password rule for cloud users: 8 to 256 characters from the allowed set, and at least three of
/// lowercase, uppercase, digits and symbols. Graph refuses anything else with one fixed message.
/// </summary>
internal static class PasswordComplexity
{
    public const string RefusedMessage = "The specified password does not comply with password complexity requirements. Please provide a different password.";

    // Entra's allowed symbols (and space); anything else, including non-ASCII letters, is refused.
    private const string Symbols = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ";

    public static bool IsMet(string password)
    {
        if (password.Length is < 8 or > 256 || password.Any(c => !char.IsAsciiLetterOrDigit(c) && !Symbols.Contains(c)))
        {
            return false;
        }

        var classes = (password.Any(char.IsAsciiLetterLower) ? 1 : 0) + (password.Any(char.IsAsciiLetterUpper) ? 1 : 0)
            + (password.Any(char.IsAsciiDigit) ? 1 : 0) + (password.Any(Symbols.Contains) ? 1 : 0);
        return classes >= 3;
    }
}
