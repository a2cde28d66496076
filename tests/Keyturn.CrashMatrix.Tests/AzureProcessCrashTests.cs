using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The Azure rows against the shipped `keyturn server`, SIGKILLed at each failpoint and restarted, with
/// `keyturn emulator azure` as a separate process that survives every kill, as Entra would: every azure-client-secret
/// row, the in-place run rows of azure-entra-user-password, and the rows of azure-storage-account-key around its own ARM
/// calls (adopt, set). The other rows of those two types run in process only (InProcessCrashTests): they take the same
/// recovery paths as the cells here or as test-keys' process cells, and each process cell costs about three seconds of CI.
/// </summary>
public sealed class AzureProcessCrashTests(OutOfProcessEmulator emulator) : IClassFixture<OutOfProcessEmulator>
{
    public static TheoryData<string> Cells =>
    [
        .. CrashTable.Names(CrashTable.AzureClientSecret),
        .. CrashTable.Cells.Where(c => c.Type == CrashTable.AzureEntraUserPassword && !c.Row.Create).Select(c => c.Name),
        .. CrashTable.Cells.Where(c => c.Type == CrashTable.AzureStorageAccountKey && c.Row.Step is "adopt" or "set").Select(c => c.Name),
    ];

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_KilledAtFailpointThenRestarted_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        await using var target = await CrashTargets.CreateAsync(crashCell.Type, directory, emulator.Side);
        var token = CellRunner.NewRootToken();
        await using var setup = new InProcessDriver(directory.Data, token, emulator.Side.Ca);
        await using var server = new ProcessDriver(ProcessDriver.Keyturn, directory.Data, token, emulator.Side.CaPath);

        await new CellRunner(crashCell, target, setup, server, directory.Data).RunAsync();
    }
}
