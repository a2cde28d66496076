using Xunit.Abstractions;
using Xunit.Sdk;

namespace Keyturn.Storage.Tests.Infrastructure;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private static readonly string RequiresPostgres = typeof(RequiresPostgresAttribute).AssemblyQualifiedName!;

    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(RequiresPostgres).Any();
        if (needsPostgres && PostgresEnvironment.ConnectionString is null)
        {
            // Never a silent skip in CI: the test case itself fails with the reason.
            return PostgresEnvironment.IsCi
                ? [new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, PostgresEnvironment.MissingInCiMessage)]
                : PostgresSkippedTestCase.Stands(testMethod)
                    ? [new PostgresSkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod)]
                    : [];
        }

        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
