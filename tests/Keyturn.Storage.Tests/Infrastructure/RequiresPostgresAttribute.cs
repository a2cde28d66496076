namespace Keyturn.Storage.Tests.Infrastructure;

/// <summary>Marks a contract test class that needs <see cref="PostgresEnvironment.Variable"/>; read by <see cref="ContractFactDiscoverer"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
