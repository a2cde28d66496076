using Xunit.Sdk;

namespace Keyturn.Storage.Tests.Infrastructure;

/// <summary>
/// A fact of the store contract suite. xunit 2 fixes a fact's Skip at compile time, but the same inherited test
/// must run on SQLite and be skipped (locally) or failed (CI) on PostgreSQL when no server is configured, so the
/// discoverer decides per concrete test class.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Keyturn.Storage.Tests.Infrastructure.ContractFactDiscoverer", "Keyturn.Storage.Tests")]
public sealed class ContractFactAttribute : FactAttribute;
