namespace Keyturn.Core.Reconcile;

/// <summary>What a non-dry reconcile should do about a finding.</summary>
internal enum Remedy
{
    /// <summary>Report only (foreign, expiring, unchecked, or an orphan its open job will settle).</summary>
    None,

    /// <summary>Revoke the credential at the target (an orphan).</summary>
    Revoke,

    /// <summary>Schedule the next rotation at once (missing, changed), so the scheduler replaces the credential.</summary>
    Schedule,
}

/// <summary>A finding before its action is decided.</summary>
internal sealed record Drift(string Kind, string CredentialId, int? Slot, string? Label, DateTimeOffset? ExpiresAt, Remedy Remedy, string Message)
{
    public ReconcileFinding With(string action, string message) => new(Kind, CredentialId, Slot, Label, ExpiresAt, action, message);
}
