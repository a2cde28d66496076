using Xunit.Abstractions;
using Xunit.Sdk;

namespace Keyturn.Storage.Tests.Infrastructure;

/// <summary>A contract test on PostgreSQL with no server configured (outside CI): reported as skipped, with the reason.</summary>
public sealed class PostgresSkippedTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgresSkippedTestCase()
    {
    }

    public PostgresSkippedTestCase(
        IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, displayOptions, testMethod)
    {
    }

    // Computed, not stored, so there is nothing extra to serialise between discovery and execution.
    protected override string GetSkipReason(IAttributeInfo factAttribute) => PostgresEnvironment.SkipMessage;
}
