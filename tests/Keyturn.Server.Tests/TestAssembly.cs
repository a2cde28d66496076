namespace Keyturn.Tests.Shared;

/// <summary>This test assembly's name, for discoverers in tests/Shared that xunit finds by assembly name.</summary>
internal static class TestAssembly
{
    public const string Name = "Keyturn.Server.Tests";
}
