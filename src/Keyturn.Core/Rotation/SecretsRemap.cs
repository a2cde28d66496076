using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Secrets;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Rotation;

/// <summary>
/// What a change of a rotation's secrets mapping writes. Each newly mapped name takes over the value its output has
/// now: a renamed secret's current value, or, for an output mapped for the first time, the active credential's. Each
/// name that leaves the mapping is deleted or released. A new name must be free in the folder; that is checked
/// here, before anything is written, and again by the store's unique key.
/// </summary>
public sealed class SecretsRemap(IKeyturnStore store, SecretService secrets, RotationEngine engine)
{
    public async Task<Result<RotationRemap>> PlanAsync(SecretRotation existing, SecretRotation updated, bool keepLeavingSecrets, CancellationToken cancellationToken)
    {
        var before = SecretsMapping.Parse(existing.SecretsMappingJson).ToDictionary(m => m.Key, m => m.Value);
        var after = SecretsMapping.Parse(updated.SecretsMappingJson);
        var owned = (await store.ListSecretsOwnedByAsync(existing.Id, cancellationToken)).ToDictionary(s => s.Key);
        var errors = new ValidationErrors();
        var writes = new List<SecretVersionWrite>();
        IReadOnlyDictionary<string, string>? active = null;
        foreach (var (output, key) in after)
        {
            var oldKey = before.GetValueOrDefault(output);
            if (oldKey == key)
            {
                continue;
            }

            if (await store.GetSecretAsync(existing.FolderId, key, cancellationToken) is not null)
            {
                errors.Add($"secretsMapping.{output}", $"must not name an existing secret: '{key}' already exists in the rotation's folder");
                continue;
            }

            // Nothing to take over before the first activation: the next rotation writes the new name.
            var value = oldKey is not null && owned.TryGetValue(oldKey, out var renamed)
                ? await secrets.OpenAsync(existing.ProjectId, renamed, cancellationToken)
                : (active ??= await ActiveValuesAsync(existing, cancellationToken)).GetValueOrDefault(output);
            if (value is not null)
            {
                writes.Add(await secrets.SealWriteAsync(existing.ProjectId, Guid.NewGuid(), existing.FolderId, key, 1, value, existing.Id, cancellationToken));
            }
        }

        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        var staying = after.Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var leaving = before.Values.Where(k => !staying.Contains(k) && owned.ContainsKey(k)).Select(k => owned[k].Id).ToList();
        return new RotationRemap(updated, writes, leaving, keepLeavingSecrets);
    }

    /// <summary>The output values of the credential consumers use now; empty when the rotation was never activated.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ActiveValuesAsync(SecretRotation rotation, CancellationToken cancellationToken)
    {
        if (rotation.LastRotatedAt is null)
        {
            return new Dictionary<string, string>();
        }

        var slot = (await store.ListSlotsAsync(rotation.Id, cancellationToken)).FirstOrDefault(s => s.Index == rotation.ActiveIndex);
        IssuedCredential? credential = slot is null ? null : await engine.OpenSlotAsync(rotation, slot, cancellationToken);
        return credential?.Values ?? new Dictionary<string, string>();
    }
}
