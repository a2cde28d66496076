using System.Text.RegularExpressions;

namespace Keyturn.Core.Validation;

/// <summary>Input rules shared by every entry point (API and CLI), each with the message that names it.</summary>
public static partial class Rules
{
    public const string RotationNameRule = "must be 1 to 32 characters of lowercase letters, digits and hyphens";
    public const string ProjectSlugRule = "must be 1 to 64 characters of lowercase letters, digits and hyphens, starting with a letter or digit";
    public const string SecretKeyRule = "must be 1 to 256 characters: letters, digits, '_', '-' or '.', starting with a letter or '_'";
    public const string SecretPathRule = "must be '/' or an absolute path like '/a/b' of letters, digits, '_' and '-'";
    public const string GuidRule = "must be a GUID";

    public static bool IsRotationName(string? value) => value is not null && RotationName().IsMatch(value);

    public static bool IsProjectSlug(string? value) => value is not null && ProjectSlug().IsMatch(value);

    public static bool IsSecretKey(string? value) => value is not null && SecretKey().IsMatch(value);

    public static bool IsGuid(string? value) => Guid.TryParse(value, out _);

    /// <summary>Normalises "/a/b/" to "/a/b"; null when the path breaks <see cref="SecretPathRule"/>.</summary>
    public static string? NormalizeSecretPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return trimmed == "/" || SecretPath().IsMatch(trimmed) ? trimmed : null;
    }

    /// <summary>A slug made from a display name: "My App!" becomes "my-app".</summary>
    public static string SlugFrom(string name)
    {
        var slug = NonSlugChars().Replace(name.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > 64)
        {
            slug = slug[..64].TrimEnd('-');
        }

        return slug.Length == 0 ? "project" : slug;
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex RotationName();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ProjectSlug();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]{0,255}$")]
    private static partial Regex SecretKey();

    [GeneratedRegex("^(/[A-Za-z0-9_-]+)+$")]
    private static partial Regex SecretPath();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugChars();
}
