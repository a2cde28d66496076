namespace Keyturn.Core.Reconcile;

/// <summary>
/// One difference between what a rotation owns and what its target holds. Carries ids, labels and times only, never
/// a credential's value (a changed value is reported as changed, not shown).
/// </summary>
/// <param name="Kind">One of <see cref="FindingKinds"/>.</param>
/// <param name="CredentialId">The target's id for the credential (an Azure key id, a key name, a user id).</param>
/// <param name="Slot">The rotation's slot holding it; null for credentials no slot owns.</param>
/// <param name="Label">The credential's label at the target (e.g. its display name), where the target has one.</param>
/// <param name="Action">One of <see cref="FindingActions"/>: what this reconcile did about it.</param>
public sealed record ReconcileFinding(
    string Kind, string CredentialId, int? Slot, string? Label, DateTimeOffset? ExpiresAt, string Action, string Message);

/// <summary>The finding kinds; part of the API (docs/reconcile.md).</summary>
public static class FindingKinds
{
    /// <summary>Carries this rotation's label but no slot owns it (left by a crash or a person): revoked unless a dry run.</summary>
    public const string Orphan = "orphan";

    /// <summary>A slot's credential that expires before the next rotation would replace it.</summary>
    public const string Expiring = "expiring";

    /// <summary>A slot's credential that is gone at the target: the next rotation is scheduled at once.</summary>
    public const string Missing = "missing";

    /// <summary>Made outside Keyturn, or labelled for another Keyturn rotation: reported, never touched.</summary>
    public const string Foreign = "foreign";

    /// <summary>A slot's credential changed at the target outside Keyturn (regenerated, reset): the next rotation is scheduled at once.</summary>
    public const string Changed = "changed";

    /// <summary>The target could not be reached (DNS, refused, TLS trust, timeout): nothing is known about the credential, so nothing is scheduled.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>A slot's credential that could not be checked (the target offers no check, or the check did not complete).</summary>
    public const string Unchecked = "unchecked";
}

/// <summary>What a reconcile did about a finding; part of the API.</summary>
public static class FindingActions
{
    public const string Reported = "reported";
    public const string Revoked = "revoked";
    public const string RotationScheduled = "rotation-scheduled";
    public const string RevokeFailed = "revoke-failed";
}
