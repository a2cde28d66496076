namespace Keyturn.CrashMatrix.Tests.Matrix;

/// <summary>How a cell ends once recovery is done.</summary>
public enum Outcome
{
    /// <summary>The rotation activated the attempt's credential (status success).</summary>
    Success,

    /// <summary>The attempt failed with a message; consumers keep the previous credential.</summary>
    Failed,

    /// <summary>A create that could not finish: the rotation is gone, as a failed create leaves nothing.</summary>
    Removed,

    /// <summary>A create that failed after the target may have changed: the rotation stays failed, the value sealed in its journal.</summary>
    Kept,
}

/// <summary>
/// One row of the crash table: an attempt of <see cref="Strategy"/> (a create's first attempt or a later run) stopped
/// at <see cref="Step"/> <see cref="When"/> its side effect, with the target accepting or refusing verification.
/// </summary>
public sealed record CrashRow(string Strategy, bool Create, string Step, string When, bool VerifyRefused, string Recovery, Outcome Outcome)
{
    /// <summary>
    /// Null: the row applies to every type of its strategy. True or false: only to the types that do (or do not) adopt
    /// the current value on create (<see cref="CrashTable.AdoptOnCreate"/>).
    /// </summary>
    public bool? Adopts { get; init; }

    public string Failpoint(string action) => $"{Step}:{When}:{action}";

    public string Trigger => Create ? Adopts == true ? "create (adopts)" : "create" : "run";
}

/// <summary>A row for one rotation type: what a test case runs.</summary>
public sealed record CrashCell(string Type, CrashRow Row)
{
    /// <summary>The theory's argument: readable, unique, and serializable so each cell is its own test case.</summary>
    public string Name => $"{Type} {Row.Trigger} {Row.Step}:{Row.When}{(Row.VerifyRefused ? " verify-refused" : "")}";
}
