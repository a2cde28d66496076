using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.TestProviders;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>The options route of the crash-test host: the shipped type and every test provider, each with its shape.</summary>
public sealed class TestHostOptionsTests
{
    [Fact]
    public async Task Options_TestHost_DescribesShippedAndTestTypes()
    {
        using var directory = new CellDirectory();
        await using var server = new ProcessDriver(ProcessDriver.TestHost, directory.Data, CellRunner.NewRootToken(), caPath: null);
        var api = await server.StartAsync(failpoints: null);

        var options = (await api.OkAsync(HttpMethod.Get, "api/v2/secret-rotations/options"))["secretRotationOptions"]!.AsArray();

        var shapes = options.ToDictionary(o => o!["type"]!.GetValue<string>(), o => (o!["shape"]!.GetValue<string>(), o["connection"]!.GetValue<string>()));
        Assert.Equal(("additive", "azure"), shapes["azure-client-secret"]);
        Assert.Equal(("additive", TestConnectionHandler.AppName), shapes[AdditiveTestProvider.TypeName]);
        Assert.Equal(("fixed-slot", TestConnectionHandler.AppName), shapes[KeysTestProvider.TypeName]);
        Assert.Equal(("fixed-slot", TestConnectionHandler.AppName), shapes[UsersTestProvider.TypeName]);
        Assert.Equal(("in-place", TestConnectionHandler.AppName), shapes[PasswordTestProvider.TypeName]);
        await server.StopAsync();
    }
}
