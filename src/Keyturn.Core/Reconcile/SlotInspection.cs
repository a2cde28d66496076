using Keyturn.Core.Providers;

namespace Keyturn.Core.Reconcile;

/// <summary>
/// Fixed-slot and in-place types, whose credentials the target cannot list by label: each owned slot is checked on its
/// own. Where the target makes the value (storage keys) it is read back and compared with the stored one; where the
/// engine made it (passwords) it is verified once, with no retries, so a reconcile never locks an account.
/// </summary>
internal static class SlotInspection
{
    public static async Task<IReadOnlyList<Drift>> InspectAsync(Inspection inspection, CancellationToken cancellationToken)
    {
        var readsBack = inspection.Provider.Descriptor is { Shape: RotationShape.FixedSlot, GeneratesSecret: false };
        var drifts = new List<Drift>();
        foreach (var owned in inspection.Slots)
        {
            if (inspection.Expiring(owned, null, owned.Credential.ExpiresAt) is { } expiring)
            {
                drifts.Add(expiring);
            }

            var drift = readsBack ? await ReadBackAsync(inspection, owned, cancellationToken) : await VerifyAsync(inspection, owned, cancellationToken);
            if (drift is not null)
            {
                drifts.Add(drift);
            }
        }

        return drifts;
    }

    private static async Task<Drift?> ReadBackAsync(Inspection inspection, OwnedSlot owned, CancellationToken cancellationToken)
    {
        var read = await inspection.Provider.ReadSlotAsync(new ReadSlotRequest(inspection.Context, owned.Slot.Index), cancellationToken);
        if (!read.IsSuccess && read.Error.Unreachable)
        {
            return Unreachable(owned, read.Error);
        }

        if (!read.IsSuccess)
        {
            return Unchecked(owned, $"Reading the credential in slot {owned.Slot.Index} back from the target failed: {read.Error.Message}");
        }

        return SameValues(read.Value.Values, owned.Credential.Values)
            ? null
            : inspection.Broken(FindingKinds.Changed, owned, null, "the target holds a different value than the one Keyturn stored (regenerated outside Keyturn); consumers using it are refused.");
    }

    private static async Task<Drift?> VerifyAsync(Inspection inspection, OwnedSlot owned, CancellationToken cancellationToken)
    {
        var verified = await inspection.Provider.VerifyAsync(new VerifyRequest(inspection.Context, owned.Credential), cancellationToken);
        if (verified.IsSuccess)
        {
            return verified.Value == Verification.Proven
                ? null
                : Unchecked(owned, "The target offers no way to check this credential (e.g. no verifying client is configured), so a change outside Keyturn cannot be seen.");
        }

        // A target that never answered said nothing about the credential: reporting it "changed" would schedule a
        // rotation that cannot reach the target either.
        if (verified.Error.Unreachable)
        {
            return Unreachable(owned, verified.Error);
        }

        // A refusal that may be propagation says nothing about a credential activated moments ago; one older than the
        // verify window has had every chance to replicate, so its refusal means it changed (or the target is down,
        // which the message names; the scheduled attempt then fails harmlessly and backs off).
        if (verified.Error.Transient && owned.Slot.IssuedAt + inspection.VerifyWindow > inspection.Now)
        {
            return Unchecked(owned, $"The credential was activated moments ago and may still be propagating: {verified.Error.Message}");
        }

        return inspection.Broken(FindingKinds.Changed, owned, null, $"the stored credential no longer works at the target (changed outside Keyturn?): {verified.Error.Message}");
    }

    private static bool SameValues(IReadOnlyDictionary<string, string> target, IReadOnlyDictionary<string, string> stored) =>
        target.Count == stored.Count && target.All(pair => stored.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));

    private static Drift Unreachable(OwnedSlot owned, ProviderError error) =>
        new(FindingKinds.Unreachable, owned.Slot.CredentialId, owned.Slot.Index, null, null, Remedy.None,
            $"The target could not be reached, so the credential in slot {owned.Slot.Index} was not checked: {error.Message}");

    private static Drift Unchecked(OwnedSlot owned, string message) =>
        new(FindingKinds.Unchecked, owned.Slot.CredentialId, owned.Slot.Index, null, null, Remedy.None, message);
}
