using Xunit.Sdk;

namespace Keyturn.Tests.Shared.Databases;

/// <summary>
/// Where tests find the real database servers (.ci/postgres-setup.sh, .ci/mariadb-setup.sh), and what happens when one is
/// not configured: in CI a failure (<see cref="CiEnvironment"/>), never a silent pass; locally one skipped entry per test
/// assembly that says why (<see cref="DatabaseTestDiscoverer"/>).
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

    /// <summary>Whether tests needing <paramref name="variable"/> run: the server is configured, or this is CI (where they must fail without it).</summary>
    public static bool Runs(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } || CiEnvironment.IsCi;

    public static string SetupScript(string variable) => variable == PostgresVariable ? ".ci/postgres-setup.sh" : ".ci/mariadb-setup.sh";
}

/// <summary>A test that needs real database servers; the discoverer decides, per assembly, whether it runs.</summary>
internal interface IDatabaseTest
{
    IReadOnlyList<string> Variables { get; }
}

/// <summary>A fact that needs the PostgreSQL test server.</summary>
[XunitTestCaseDiscoverer(DatabaseTestDiscoverer.TypeName, TestAssembly.Name)]
internal sealed class PostgresFactAttribute : FactAttribute, IDatabaseTest
{
    public IReadOnlyList<string> Variables => [TestDatabases.PostgresVariable];
}

/// <summary>A fact that needs the MariaDB (MySQL) test server.</summary>
[XunitTestCaseDiscoverer(DatabaseTestDiscoverer.TypeName, TestAssembly.Name)]
internal sealed class MySqlFactAttribute : FactAttribute, IDatabaseTest
{
    public IReadOnlyList<string> Variables => [TestDatabases.MySqlVariable];
}

/// <summary>A theory whose every case needs both test database servers.</summary>
[XunitTestCaseDiscoverer(DatabaseTestDiscoverer.TypeName, TestAssembly.Name)]
internal sealed class DatabasesTheoryAttribute : TheoryAttribute, IDatabaseTest
{
    public IReadOnlyList<string> Variables => [TestDatabases.PostgresVariable, TestDatabases.MySqlVariable];
}
