using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Reconcile;

/// <summary>
/// Additive types (Azure client secrets): lists every credential at the target and sorts it by its label against the
/// slots. Only credentials carrying this rotation's label are ever revoked; everything else is reported.
/// </summary>
internal static class AdditiveInspection
{
    // "Keyturn rotation " without an id: the start every Keyturn label shares, from the one place labels are made.
    private static readonly string AnyRotationPrefix = RotationEngine.LabelPrefix(Guid.Empty)[..^Guid.Empty.ToString().Length];

    public static async Task<Result<IReadOnlyList<Drift>>> InspectAsync(Inspection inspection, CancellationToken cancellationToken)
    {
        // An empty prefix lists every credential, labelled or not (IRotationProvider.ListManagedAsync).
        var listed = await inspection.Provider.ListManagedAsync(new ListManagedRequest(inspection.Context, ""), cancellationToken);
        if (!listed.IsSuccess && listed.Error.Unreachable && inspection.Slots.Count > 0)
        {
            // Nothing answered: nothing is known about any credential, which is a finding per slot, not a failed request
            // (the slot shapes report it the same way). Nothing is revoked or scheduled.
            return inspection.Slots.Select(s => Unreachable(s, listed.Error)).ToList();
        }

        if (!listed.IsSuccess)
        {
            return new Problem(ProblemKind.ProviderFailure, "Reading the target failed",
                $"Listing the credentials at the target failed: {listed.Error.Message} Nothing was changed.");
        }

        var drifts = new List<Drift>();
        var owned = inspection.Slots.ToDictionary(s => s.Slot.CredentialId, StringComparer.OrdinalIgnoreCase);
        var prefix = RotationEngine.LabelPrefix(inspection.Rotation.Id);
        foreach (var credential in listed.Value)
        {
            if (owned.TryGetValue(credential.CredentialId, out var slot))
            {
                if (inspection.Expiring(slot, credential.Label, credential.ExpiresAt) is { } expiring)
                {
                    drifts.Add(expiring);
                }
            }
            else
            {
                drifts.Add(Unowned(inspection, credential, prefix));
            }
        }

        var present = listed.Value.Select(c => c.CredentialId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        drifts.AddRange(inspection.Slots.Where(s => !present.Contains(s.Slot.CredentialId))
            .Select(s => inspection.Broken(FindingKinds.Missing, s, null, "the credential is gone at the target (deleted outside Keyturn).")));
        return drifts;
    }

    private static Drift Unreachable(OwnedSlot owned, ProviderError error) =>
        new(FindingKinds.Unreachable, owned.Slot.CredentialId, owned.Slot.Index, null, null, Remedy.None,
            $"The target could not be reached, so its credentials were not listed and the one in slot {owned.Slot.Index} was not checked: {error.Message}");

    private static Drift Unowned(Inspection inspection, ManagedCredential credential, string prefix)
    {
        var label = credential.Label;
        if (label is not null && label.StartsWith(prefix, StringComparison.Ordinal))
        {
            return inspection.OpenJobLabels.Contains(label)
                ? new Drift(FindingKinds.Orphan, credential.CredentialId, null, label, credential.ExpiresAt, Remedy.None,
                    "Issued by an attempt of this rotation that is still open; its recovery keeps or revokes it, so reconcile leaves it.")
                : new Drift(FindingKinds.Orphan, credential.CredentialId, null, label, credential.ExpiresAt, Remedy.Revoke,
                    "Carries this rotation's label but no slot owns it (left by an interrupted attempt or made by a person).");
        }

        return label is not null && label.StartsWith(AnyRotationPrefix, StringComparison.Ordinal)
            ? new Drift(FindingKinds.Foreign, credential.CredentialId, null, label, credential.ExpiresAt, Remedy.None,
                "Labelled for another Keyturn rotation; that rotation's reconcile decides about it, so it is never touched here.")
            : new Drift(FindingKinds.Foreign, credential.CredentialId, null, label, credential.ExpiresAt, Remedy.None,
                "Made outside Keyturn; reported, never touched.");
    }
}
