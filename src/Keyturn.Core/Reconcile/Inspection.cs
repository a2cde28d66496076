using Keyturn.Core.Domain;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Reconcile;

/// <summary>A slot of the rotation with its credential opened (values stay in memory, never in a finding).</summary>
internal sealed record OwnedSlot(RotationSlot Slot, IssuedCredential Credential);

/// <summary>Everything one reconcile compares: the rotation as read under its lease, its provider and owned slots.</summary>
/// <param name="OpenJobLabels">Labels of this rotation's jobs still open: what they issued is recovery's to settle, not an orphan to revoke.</param>
/// <param name="VerifyWindow">How long a new credential may take to be accepted (RotationOptions.VerifyTimeout).</param>
internal sealed record Inspection(
    SecretRotation Rotation, IRotationProvider Provider, ProviderContext Context, IReadOnlyList<OwnedSlot> Slots,
    IReadOnlySet<string> OpenJobLabels, DateTimeOffset Now, TimeSpan VerifyWindow)
{
    /// <summary>How far ahead a credential without a scheduled replacement (auto-rotation off) is reported as expiring.</summary>
    public static readonly TimeSpan UnscheduledHorizon = TimeSpan.FromDays(30);

    /// <summary>A credential expiring before this is reported: the next rotation, or 30 days ahead when none is scheduled.</summary>
    public DateTimeOffset ExpiringBefore =>
        Rotation.NextRotationAt is { } next && Rotation.IsAutoRotationEnabled ? (next > Now ? next : Now) : Now + UnscheduledHorizon;

    /// <summary>An "expiring" finding for a slot's credential, or null when it lives long enough.</summary>
    public Drift? Expiring(OwnedSlot owned, string? label, DateTimeOffset? expiresAt)
    {
        if (expiresAt is not { } expiry || expiry >= ExpiringBefore)
        {
            return null;
        }

        var when = expiry <= Now ? $"expired at {expiry:O}" : $"expires at {expiry:O}";
        var before = Rotation.NextRotationAt is { } next && Rotation.IsAutoRotationEnabled
            ? $"before the next rotation at {next:O}"
            : $"within {UnscheduledHorizon.TotalDays:0} days and no rotation is scheduled";
        return new Drift(FindingKinds.Expiring, owned.Slot.CredentialId, owned.Slot.Index, label, expiry, Remedy.None,
            $"The credential in slot {owned.Slot.Index}{ActiveNote(owned)} {when}, {before}; rotate it sooner or extend its expiry.");
    }

    public string ActiveNote(OwnedSlot owned) => IsActive(owned) ? " (active)" : "";

    public bool IsActive(OwnedSlot owned) => owned.Slot.Index == Rotation.ActiveIndex;

    /// <summary>
    /// A slot whose credential is gone or changed at the target: consumers read the active slot, so only the active one
    /// calls for a rotation now; the inactive one (the previous credential) is replaced by the next rotation anyway.
    /// </summary>
    public Drift Broken(string kind, OwnedSlot owned, string? label, string message) => IsActive(owned)
        ? new Drift(kind, owned.Slot.CredentialId, owned.Slot.Index, label, null, Remedy.Schedule, $"Slot {owned.Slot.Index} (active): {message}")
        : new Drift(kind, owned.Slot.CredentialId, owned.Slot.Index, label, null, Remedy.None,
            $"Slot {owned.Slot.Index} (inactive, the previous credential): {message} Consumers read the active slot; the next rotation replaces this one.");
}
