using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The Azure rows (azure-client-secret, and the ARM-calling rows of azure-storage-account-key) against the shipped `keyturn server`, SIGKILLed at each failpoint and
/// restarted, with `keyturn emulator azure` as a separate process that survives every kill, as Entra would.
/// </summary>
public sealed class AzureProcessCrashTests(OutOfProcessEmulator emulator) : IClassFixture<OutOfProcessEmulator>
{
    /// <summary>
    /// Every azure-client-secret row; for azure-storage-account-key only the rows around its own ARM calls (adopt, set):
    /// its verify and activate rows run the same engine code as test-keys, whose process cells cover them, and all its
    /// rows run in process (InProcessCrashTests). A full set of storage process cells would add over a minute to CI.
    /// </summary>
    public static TheoryData<string> Cells =>
    [
        .. CrashTable.Names(CrashTable.AzureClientSecret),
        .. CrashTable.Cells.Where(c => c.Type == CrashTable.AzureStorageAccountKey && c.Row.Step is "adopt" or "set").Select(c => c.Name),
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
