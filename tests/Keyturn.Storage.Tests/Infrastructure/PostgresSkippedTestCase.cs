using Xunit.Abstractions;
using Xunit.Sdk;

namespace Keyturn.Storage.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL contract tests with no server configured (outside CI): ONE skipped entry stands for the whole
/// class, named with how many tests it stands for and why, so the test command prints the reason once instead of a
/// skipped line per test (xunit and the console logger print a line per skipped case, but never the reason).
/// In CI every test still fails on its own (<see cref="ContractFactDiscoverer"/>).
/// </summary>
public sealed class PostgresSkippedTestCase : XunitTestCase
{
    private static readonly string ContractFact = typeof(ContractFactAttribute).AssemblyQualifiedName!;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgresSkippedTestCase()
    {
    }

    public PostgresSkippedTestCase(
        IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, displayOptions, testMethod)
    {
    }

    /// <summary>Whether <paramref name="testMethod"/> is the one (the first contract fact by name) that stands for its class.</summary>
    public static bool Stands(ITestMethod testMethod)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        return string.Equals(ContractFacts(testMethod).Min(StringComparer.Ordinal), testMethod.Method.Name, StringComparison.Ordinal);
    }

    // Computed, not stored, so there is nothing extra to serialise between discovery and execution.
    protected override string GetSkipReason(IAttributeInfo factAttribute) => PostgresEnvironment.SkipMessage;

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        PostgresEnvironment.SkippedDisplayName(TestMethod.TestClass.Class.Name, ContractFacts(TestMethod).Count());

    private static IEnumerable<string> ContractFacts(ITestMethod testMethod) =>
        testMethod.TestClass.Class.GetMethods(includePrivateMethods: false)
            .Where(m => m.GetCustomAttributes(ContractFact).Any())
            .Select(m => m.Name)
            .Distinct(StringComparer.Ordinal);
}
