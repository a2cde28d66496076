namespace Keyturn.Core.History;

/// <summary>
/// A change an attempt made (or meant to make) at the target: a credential issued, set, regenerated, adopted or revoked.
/// Outcome <see cref="TargetChangeOutcomes.Done"/> when the journal holds the step's result; otherwise the intent was
/// written but the result never was (the call failed, or a stop came between), so the change may or may not have happened.
/// </summary>
/// <param name="Kind">One of <see cref="TargetChangeKinds"/>.</param>
/// <param name="Step">The journal step it comes from (e.g. "revoke-inactive", "issue", "rollback").</param>
/// <param name="CredentialId">The credential's id at the target (a key id, a slot name); never its secret.</param>
/// <param name="Label">The label put on an issued credential, which names the job (how an orphan is found).</param>
public sealed record TargetChange(string Kind, string Step, string? CredentialId, int? Slot, string? Label, string Outcome);

public static class TargetChangeKinds
{
    public const string Issued = "issued";
    public const string Set = "set";
    public const string Regenerated = "regenerated";
    public const string Adopted = "adopted";
    public const string Revoked = "revoked";
    public const string RolledBack = "rolled-back";
}

public static class TargetChangeOutcomes
{
    public const string Done = "done";
    public const string NotConfirmed = "not-confirmed";
}
