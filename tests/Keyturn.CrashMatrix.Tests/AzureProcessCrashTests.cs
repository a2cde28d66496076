using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The additive rows for azure-client-secret, and the in-place run rows for azure-entra-user-password, against the shipped
/// `keyturn server`, SIGKILLed at each failpoint and restarted, with `keyturn emulator azure` as a separate process that
/// survives every kill, as Entra would. The user password's create rows run in process only: they take the same recovery
/// paths as its run rows, and each process cell costs about three seconds of CI time.
/// </summary>
public sealed class AzureProcessCrashTests(OutOfProcessEmulator emulator) : IClassFixture<OutOfProcessEmulator>
{
    public static TheoryData<string> Cells =>
    [
        .. CrashTable.Cells.Where(c => c.Type == CrashTable.AzureClientSecret || (c.Type == CrashTable.AzureEntraUserPassword && !c.Row.Create)).Select(c => c.Name),
    ];

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_KilledAtFailpointThenRestarted_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        var target = await CrashTargets.CreateAsync(crashCell.Type, directory.Root, emulator.Side);
        var token = CellRunner.NewRootToken();
        await using var setup = new InProcessDriver(directory.Data, token, emulator.Side.Ca);
        await using var server = new ProcessDriver(ProcessDriver.Keyturn, directory.Data, token, emulator.Side.CaPath);

        await new CellRunner(crashCell, target, setup, server, directory.Data).RunAsync();
    }
}
