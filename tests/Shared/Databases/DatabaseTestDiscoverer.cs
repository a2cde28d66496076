using Xunit.Abstractions;
using Xunit.Sdk;

namespace Keyturn.Tests.Shared.Databases;

/// <summary>
/// Discovers [PostgresFact], [MySqlFact] and [DatabasesTheory] tests. With their servers configured, or in CI (where a
/// missing server must fail them, through <see cref="TestDatabases.Require"/>), they are ordinary facts and theories.
/// Locally without a server, xunit would print a skipped line per test and never the reason; instead ONE skipped entry
/// stands for every such test of the assembly, its name saying how many and why.
/// </summary>
internal sealed class DatabaseTestDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public const string TypeName = "Keyturn.Tests.Shared.Databases.DatabaseTestDiscoverer";

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var variables = Variables(factAttribute);
        if (variables.All(TestDatabases.Runs))
        {
            return factAttribute is IReflectionAttributeInfo { Attribute: TheoryAttribute }
                ? new TheoryDiscoverer(diagnosticMessageSink).Discover(discoveryOptions, testMethod, factAttribute)
                : new FactDiscoverer(diagnosticMessageSink).Discover(discoveryOptions, testMethod, factAttribute);
        }

        var all = DatabaseTests(testMethod.TestClass.TestCollection.TestAssembly.Assembly).ToList();
        var standIn = all.Min(StringComparer.Ordinal);
        if (!string.Equals(standIn, FullName(testMethod.TestClass.Class, testMethod.Method), StringComparison.Ordinal))
        {
            return [];
        }

        var missing = all.Count > 0 ? new[] { TestDatabases.PostgresVariable, TestDatabases.MySqlVariable }.Where(v => !TestDatabases.Runs(v)).ToList() : [];
        var reason = $"{all.Count} database tests skipped: {string.Join(" and ", missing)} not set; run "
                     + string.Join(" and ", missing.Select(TestDatabases.SetupScript)) + " and eval the last line of each (in CI they fail instead)";
        return [new DatabaseTestsSkipped(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }

    private static IReadOnlyList<string> Variables(IAttributeInfo attribute) =>
        attribute is IReflectionAttributeInfo { Attribute: IDatabaseTest test } ? test.Variables : [];

    // Every database test of the assembly whose servers are not all configured, as "Class.Method".
    private static IEnumerable<string> DatabaseTests(IAssemblyInfo assembly) =>
        from type in assembly.GetTypes(includePrivateTypes: true)
        from method in type.GetMethods(includePrivateMethods: false)
        from attribute in method.GetCustomAttributes(typeof(FactAttribute))
        where Variables(attribute) is { Count: > 0 } variables && !variables.All(TestDatabases.Runs)
        select FullName(type, method);

    private static string FullName(ITypeInfo type, IMethodInfo method) => type.Name + "." + method.Name;
}

/// <summary>The one skipped entry standing for every database test of an assembly (see <see cref="DatabaseTestDiscoverer"/>).</summary>
public sealed class DatabaseTestsSkipped : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public DatabaseTestsSkipped()
    {
    }

    public DatabaseTestsSkipped(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string reason)
        // A theory's parameters get nulls: the case is skipped, so they are never passed to it.
        : base(sink, display, options, testMethod, new object?[testMethod.Method.GetParameters().Count()])
    {
        _reason = reason;
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("Reason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("Reason");
        base.Deserialize(data);
    }
}
