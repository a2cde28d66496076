using Keyturn.Tests.Shared;

namespace Keyturn.Storage.Tests.Infrastructure;

/// <summary>Where the PostgreSQL contract tests find their server, and what happens when none is configured.</summary>
internal static class PostgresEnvironment
{
    public const string Variable = "KEYTURN_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>In CI (any truthy CI value, see <see cref="CiEnvironment"/>) a missing server fails the tests.</summary>
    public static bool IsCi => CiEnvironment.IsCi;

    public const string SkipMessage =
        $"PostgreSQL contract tests skipped: {Variable} is not set (run .ci/postgres-setup.sh and export its output).";

    /// <summary>The name of the one skipped entry that stands for a class's tests: the reason, printed once.</summary>
    public static string SkippedDisplayName(string testClass, int tests) =>
        $"{testClass}: all {tests} tests skipped, {Variable} is not set (run .ci/postgres-setup.sh and eval its last line; with CI set they fail instead)";

    public const string MissingInCiMessage =
        $"CI is set but {Variable} is not: the PostgreSQL contract tests must run in CI. Run .ci/postgres-setup.sh first.";
}
