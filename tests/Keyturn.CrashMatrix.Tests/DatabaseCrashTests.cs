using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.CrashMatrix.Tests.Matrix;
using Keyturn.Tests.Shared.Databases;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// The engine-generated fixed-slot rows for postgres-credentials and mysql-credentials, in this process (as
/// <see cref="InProcessCrashTests"/>) against the real database servers: a scratch database and two accounts per cell.
/// </summary>
public sealed class DatabaseCrashTests
{
    public static TheoryData<string> Cells => CrashTable.Names(CrashTable.DatabaseTypes);

    [DatabasesTheory]
    [MemberData(nameof(Cells))]
    public async Task Cell_ThrowAtFailpointThenRestart_RecoveryHoldsTheInvariants(string cell)
    {
        var crashCell = CrashTable.Find(cell);
        using var directory = new CellDirectory();
        var target = await CrashTargets.CreateAsync(crashCell.Type, directory.Root, azure: null);
        await using var dropped = (IAsyncDisposable)target;
        await using var server = new InProcessDriver(directory.Data, CellRunner.NewRootToken(), trustedCa: null);

        await new CellRunner(crashCell, target, server, server, directory.Data).RunAsync();
    }
}
