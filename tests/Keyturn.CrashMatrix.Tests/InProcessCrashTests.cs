using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The crash table in this process: each cell's failpoint throws (standing for any bug or fault mid-step), the host is
/// stopped and started again on the same data directory, and its recovery must settle the rotation.
/// </summary>
public sealed class InProcessCrashTests(InProcessEmulator emulator) : IClassFixture<InProcessEmulator>
{
    public static TheoryData<string> Cells => CrashTable.Names([.. CrashTable.TypesOf.Values.SelectMany(t => t).Except(CrashTable.DatabaseTypes)]);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_ThrowAtFailpointThenRestart_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        await using var target = await CrashTargets.CreateAsync(crashCell.Type, directory, emulator.Side);
        await using var server = new InProcessDriver(directory.Data, CellRunner.NewRootToken(), emulator.Side.Ca) { Target = target };

        await new CellRunner(crashCell, target, server, server, directory.Data).RunAsync();
    }
}
