using System.Text.Json;
using Keyturn.Core.Connections;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.History;

/// <summary>
/// What a job changed at the target, read from its journal. Only allow-listed fields of an entry's data are read
/// (credentialId, slot, label); the sealed secret is never opened, only whether a set intent carries one (the engine
/// made the value: "set") or not (the target made it: "regenerated").
/// </summary>
internal static class JournalChanges
{
    public static IReadOnlyList<TargetChange> From(IEnumerable<JournalEntry> entries)
    {
        var changes = new List<TargetChange>();
        // The change an intent opened, per step, until its result closes it. A step repeated after a stop writes its
        // intent again: that is the same change tried again, so it joins the open one rather than listing it twice.
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            var facts = Facts.Read(entry.DataJson);
            if (entry is { Step: JournalSteps.Activate, Phase: JournalSteps.Result } && facts.AdoptedCredentialId is { } adopted)
            {
                // A create that adopted a credential made outside Keyturn puts it in the other slot (there are two).
                changes.Add(new TargetChange(TargetChangeKinds.Adopted, entry.Step, adopted, facts.Slot is { } slot ? 1 - slot : null, null, TargetChangeOutcomes.Done));
                continue;
            }

            if (KindOf(entry) is not { } kind)
            {
                continue;
            }

            var done = entry.Phase == JournalSteps.Result;
            if (open.TryGetValue(entry.Step, out var index))
            {
                var known = changes[index];
                changes[index] = known with
                {
                    CredentialId = facts.CredentialId ?? known.CredentialId,
                    Slot = facts.Slot ?? known.Slot,
                    Label = facts.Label ?? known.Label,
                    Outcome = done ? TargetChangeOutcomes.Done : known.Outcome,
                };
            }
            else
            {
                changes.Add(new TargetChange(kind, entry.Step, facts.CredentialId, facts.Slot, facts.Label, done ? TargetChangeOutcomes.Done : TargetChangeOutcomes.NotConfirmed));
                index = changes.Count - 1;
            }

            if (done)
            {
                open.Remove(entry.Step);
            }
            else
            {
                open[entry.Step] = index;
            }
        }

        return changes;
    }

    // Steps of rotations (JournalSteps) and of connections' own credentials (ConnectionSteps) share these names.
    private static string? KindOf(JournalEntry entry) => entry.Step switch
    {
        JournalSteps.RevokeInactive or ConnectionSteps.RevokePrevious => TargetChangeKinds.Revoked,
        JournalSteps.Issue => TargetChangeKinds.Issued,
        JournalSteps.Set => entry.SealedSecret is null && entry.Phase == JournalSteps.Intent ? TargetChangeKinds.Regenerated : TargetChangeKinds.Set,
        JournalSteps.Adopt => TargetChangeKinds.Adopted,
        JournalSteps.Rollback => TargetChangeKinds.RolledBack,
        _ => null,
    };

    /// <summary>The allow-listed fields of an entry's data; anything else in it is never read.</summary>
    private sealed record Facts(string? CredentialId, int? Slot, string? Label, string? AdoptedCredentialId)
    {
        public static Facts Read(string dataJson)
        {
            using var document = JsonDocument.Parse(dataJson);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? new Facts(null, null, null, null)
                : new Facts(Text(root, "credentialId"), Number(root, "slot"), Text(root, "label"), Text(root, "adoptedCredentialId"));
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static int? Number(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
    }
}
