using Keyturn.Core.Domain;
using Keyturn.Core.Notifications;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Reconcile;

/// <summary>A slot of the rotation with its credential opened (values stay in memory, never in a finding).</summary>
internal sealed record OwnedSlot(RotationSlot Slot, IssuedCredential Credential);

/// <summary>Everything one reconcile compares: the rotation as read under its lease, its provider and owned slots.</summary>
/// <param name="OpenJobLabels">Labels of this rotation's jobs still open: what they issued is recovery's to settle, not an orphan to revoke.</param>
/// <param name="SlotCount">Slots of the rotation's plan (decides when the active slot is replaced).</param>
/// <param name="VerifyWindow">How long a new credential may take to be accepted (RotationOptions.VerifyTimeout).</param>
internal sealed record Inspection(
    SecretRotation Rotation, IRotationProvider Provider, ProviderContext Context, IReadOnlyList<OwnedSlot> Slots,
    IReadOnlySet<string> OpenJobLabels, int SlotCount, DateTimeOffset Now, TimeSpan VerifyWindow)
{
    /// <summary>How far ahead a credential without a scheduled replacement (auto-rotation off) is reported as expiring.</summary>
    public static readonly TimeSpan UnscheduledHorizon = TimeSpan.FromDays(30);

    /// <summary>
    /// An "expiring" finding for a slot's credential, or null when it lives long enough. "Long enough" is the
    /// credential.expiring rule (<see cref="CredentialExpiry.ReplacedAt"/>): until the rotation that replaces it, which for
    /// the active slot of a two-slot rotation is the rotation after next. Reconcile has no reminder horizon: it reports
    /// every such credential, and with nothing scheduled those expiring within <see cref="UnscheduledHorizon"/>.
    /// </summary>
    public Drift? Expiring(OwnedSlot owned, string? label, DateTimeOffset? expiresAt)
    {
        var replacedAt = CredentialExpiry.ReplacedAt(Rotation, owned.Slot.Index, SlotCount);
        if (expiresAt is not { } expiry || expiry > (replacedAt ?? Now + UnscheduledHorizon))
        {
            return null;
        }

        var when = expiry <= Now ? $"expired at {expiry:O}" : $"expires at {expiry:O}";
        var before = replacedAt is { } at
            ? $"before the rotation that replaces it at {at:O}"
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
