using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;
using Keyturn.Tests.Shared.Databases;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The engine-generated fixed-slot rows for postgres-credentials and mysql-credentials against the real database servers,
/// a scratch database and two accounts per cell: every row in this process (as <see cref="InProcessCrashTests"/>), and the
/// set rows (a kill around ALTER ROLE / ALTER USER) against the shipped `keyturn server`, SIGKILLed and restarted.
/// </summary>
public sealed class DatabaseCrashTests
{
    public static TheoryData<string> Cells => CrashTable.Names(CrashTable.DatabaseTypes);

    // Only the set rows as processes: the other steps are the engine's own and already run as processes for test-users.
    public static TheoryData<string> SetCells => [.. CrashTable.Cells.Where(c => CrashTable.DatabaseTypes.Contains(c.Type) && c.Row.Step == "set").Select(c => c.Name)];

    [DatabasesTheory]
    [MemberData(nameof(Cells))]
    public async Task Cell_ThrowAtFailpointThenRestart_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        await using var target = await CrashTargets.CreateAsync(crashCell.Type, directory, azure: null);
        await using var server = new InProcessDriver(directory.Data, CellRunner.NewRootToken(), trustedCa: null);

        await new CellRunner(crashCell, target, server, server, directory.Data).RunAsync();
    }

    [DatabasesTheory]
    [MemberData(nameof(SetCells))]
    public async Task Cell_KilledAtFailpointThenRestarted_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        await using var target = await CrashTargets.CreateAsync(crashCell.Type, directory, azure: null);
        var token = CellRunner.NewRootToken();
        await using var setup = new InProcessDriver(directory.Data, token, trustedCa: null);
        await using var server = new ProcessDriver(ProcessDriver.Keyturn, directory.Data, token, caPath: null);

        await new CellRunner(crashCell, target, setup, server, directory.Data).RunAsync();
    }
}
