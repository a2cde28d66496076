using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;
using Keyturn.Providers.Script;
using Keyturn.TestProviders;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The crash table for the test providers against a real server process (the crash-test host): SIGKILLed at each
/// cell's failpoint and restarted on the same data directory, while the target file lives on outside it.
/// </summary>
public sealed class ProcessCrashTests
{
    public static TheoryData<string> Cells =>
        // script's cells run here too (its scripts are processes of their own, outside the server that is killed); rest-api's
        // run in process only, where they prove the same recovery without a minute of process starts.
        CrashTable.Names(AdditiveTestProvider.TypeName, KeysTestProvider.TypeName, UsersTestProvider.TypeName, PasswordTestProvider.TypeName,
            ScriptProvider.TypeName);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_KilledAtFailpointThenRestarted_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        await using var target = await CrashTargets.CreateAsync(crashCell.Type, directory, azure: null);
        var token = CellRunner.NewRootToken();
        await using var setup = new InProcessDriver(directory.Data, token, trustedCa: null) { Target = target };
        await using var server = new ProcessDriver(ProcessDriver.TestHost, directory.Data, token, target.CaPath) { OutboundAllow = target.OutboundAllow };

        await new CellRunner(crashCell, target, setup, server, directory.Data).RunAsync();
    }
}
