namespace Keyturn.Tests.Shared.Databases;

/// <summary>
/// Where tests find the real database servers (.ci/postgres-setup.sh, .ci/mariadb-setup.sh), and what happens when one is
/// not configured: skipped with the reason locally, a failure in CI (<see cref="CiEnvironment"/>), never a silent pass.
/// </summary>
internal static class TestDatabases
{
    public const string PostgresVariable = "KEYTURN_TEST_POSTGRES";
    public const string MySqlVariable = "KEYTURN_TEST_MYSQL";

    /// <summary>The admin connection string, or an exception that says how to provide it.</summary>
    public static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set{(CiEnvironment.IsCi ? " but CI is: these tests must run in CI" : "")}. Run {SetupScript(variable)} and eval its last line.");

    /// <summary>Null when the test should run (server configured, or CI, where a missing server must fail it).</summary>
    public static string? SkipReason(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } || CiEnvironment.IsCi
            ? null
            : $"{variable} is not set: run {SetupScript(variable)} and eval its last line to run this test.";

    private static string SetupScript(string variable) => variable == PostgresVariable ? ".ci/postgres-setup.sh" : ".ci/mariadb-setup.sh";
}

/// <summary>A fact that needs the PostgreSQL test server.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestDatabases.SkipReason(TestDatabases.PostgresVariable);
}

/// <summary>A fact that needs the MariaDB (MySQL) test server.</summary>
internal sealed class MySqlFactAttribute : FactAttribute
{
    public MySqlFactAttribute() => Skip = TestDatabases.SkipReason(TestDatabases.MySqlVariable);
}

/// <summary>A theory whose every case needs both test database servers.</summary>
internal sealed class DatabasesTheoryAttribute : TheoryAttribute
{
    public DatabasesTheoryAttribute() => Skip = TestDatabases.SkipReason(TestDatabases.PostgresVariable) ?? TestDatabases.SkipReason(TestDatabases.MySqlVariable);
}
