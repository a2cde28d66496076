using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;
using Keyturn.TestProviders;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The crash table for the test providers against a real server process (the crash-test host): SIGKILLed at each
/// cell's failpoint and restarted on the same data directory, while the target file lives on outside it.
/// </summary>
public sealed class ProcessCrashTests
{
    public static TheoryData<string> Cells =>
        CrashTable.Names(AdditiveTestProvider.TypeName, KeysTestProvider.TypeName, UsersTestProvider.TypeName, PasswordTestProvider.TypeName);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_KilledAtFailpointThenRestarted_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        await using var target = await CrashTargets.CreateAsync(crashCell.Type, directory, azure: null);
        var token = CellRunner.NewRootToken();
        await using var setup = new InProcessDriver(directory.Data, token, trustedCa: null);
        await using var server = new ProcessDriver(ProcessDriver.TestHost, directory.Data, token, caPath: null);

        await new CellRunner(crashCell, target, setup, server, directory.Data).RunAsync();
    }
}
