using System.Text.Json;
using Keyturn.Core.Domain;
using Keyturn.Core.Notifications;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Notifications;

/// <summary>
/// Publishes credential.expiring for slots whose credential expires before the rotation that would replace it (see
/// <see cref="CredentialExpiry"/>). Reads only slots expiring within the widest horizon of any project, then applies
/// each rotation's own horizon and schedule.
/// </summary>
public sealed class ExpiringCredentialScan(IRotationStore store, RotationProviderRegistry providers, IRotationEventPublisher publisher)
{
    private const int BatchSize = 100;

    /// <summary>How many warnings it published (repeats of earlier ones included).</summary>
    public async Task<int> PublishAsync(IReadOnlyDictionary<Guid, IReadOnlyList<int>> daysByProject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(daysByProject);
        var widest = daysByProject.Values.Select(CredentialExpiry.Horizon).Append(CredentialExpiry.Horizon(null)).Max();
        var published = 0;
        ExpiringSlot? after = null;
        IReadOnlyList<ExpiringSlot> page;
        do
        {
            page = await store.ListExpiringSlotsAsync(now, now + widest, after, BatchSize, cancellationToken);
            foreach (var slot in page)
            {
                // A rotation deleted since the page was read took its slots with it.
                if (await store.GetRotationAsync(slot.RotationId, cancellationToken) is not { } rotation)
                {
                    continue;
                }

                var horizon = CredentialExpiry.Horizon(daysByProject.GetValueOrDefault(rotation.ProjectId));
                if (CredentialExpiry.Check(rotation, slot, SlotCount(rotation), now, horizon) is { } expiring)
                {
                    await publisher.PublishAsync(expiring, cancellationToken);
                    published++;
                }
            }

            after = page.Count > 0 ? page[^1] : null;
        }
        while (page.Count == BatchSize);

        return published;
    }

    // The plan decides whether the active slot outlives the next rotation. A type no longer registered (or parameters
    // that no longer parse) counts as two slots: the active slot is then taken to live until the rotation after next,
    // so an expiry before that is reported rather than missed.
    private int SlotCount(SecretRotation rotation)
    {
        if (providers.Find(rotation.Type) is not { } provider)
        {
            return 2;
        }

        using var document = JsonDocument.Parse(rotation.ParametersJson);
        return ParsedParameters.Parse(provider, document.RootElement, new ValidationErrors())?.Plan.SlotCount ?? 2;
    }
}
