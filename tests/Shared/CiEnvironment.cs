namespace Keyturn.Tests.Shared;

/// <summary>
/// Whether the tests run in CI. In CI a test server that a suite requires (PostgreSQL today; MariaDB or a second
/// node later) and that is not configured fails those tests instead of skipping them. One rule for every suite:
/// a test project that needs it links this file (<c>&lt;Compile Include="../Shared/CiEnvironment.cs" /&gt;</c>).
/// </summary>
internal static class CiEnvironment
{
    public const string Variable = "CI";

    private static readonly string[] TruthyValues = ["true", "1", "yes", "on"];

    /// <summary>CI as this process sees it.</summary>
    public static bool IsCi => IsCiIn(Environment.GetEnvironmentVariable);

    /// <summary>Whether <see cref="Variable"/>, read through <paramref name="variables"/>, is truthy.</summary>
    public static bool IsCiIn(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return IsTruthy(variables(Variable));
    }

    /// <summary>true, 1, yes or on, in any case and with surrounding blanks ignored; anything else (unset, empty, false, 0) is not.</summary>
    public static bool IsTruthy(string? value) =>
        value is not null && TruthyValues.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);
}
