using System.Globalization;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Notifications;

/// <summary>
/// The credential.expiring rule: a slot's credential is reported when it stops working before the rotation that would
/// replace it, and within <c>horizon</c> of now. With auto-rotation on, the inactive slot (and the only slot of a
/// single-slot rotation) is replaced at the next rotation; the active slot of a two-slot rotation stays a slot, still
/// valid for consumers that have not reloaded, until the rotation after next. With auto-rotation off nothing replaces
/// it, so it is reported when it expires within the horizon. The horizon bounds how early: a warning months ahead
/// would report expiries the schedule may still change. The key names the credential and its expiry, so it is
/// reported once, and again only if the credential (or its expiry) changes.
/// </summary>
public static class CredentialExpiry
{
    /// <summary>When the slot's credential is replaced; null when nothing replaces it (auto-rotation off, or unscheduled).</summary>
    public static DateTimeOffset? ReplacedAt(SecretRotation rotation, int slotIndex, int slotCount)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        if (!rotation.IsAutoRotationEnabled || rotation.NextRotationAt is not { } next)
        {
            return null;
        }

        if (slotCount < 2 || slotIndex != rotation.ActiveIndex)
        {
            return next;
        }

        // The rotation after next, as the schedule computes it after a regular success at the next time.
        var afterNext = rotation with
        {
            RotationStatus = RotationStatuses.Success,
            LastRotatedAt = next,
            LastRotationWasManual = false,
            FailedAttempts = 0,
        };
        return RotationSchedule.NextRotationAt(afterNext) ?? next;
    }

    /// <summary>How far ahead expiries are reported for a project: the largest day count its subscriptions remind at, else 7 days.</summary>
    public static TimeSpan Horizon(IReadOnlyList<int>? subscribedDaysBefore) =>
        TimeSpan.FromDays(subscribedDaysBefore is { Count: > 0 } days ? Math.Max(1, days.Max()) : DefaultHorizonDays);

    /// <summary>The horizon for a project nobody asked to be reminded about.</summary>
    public const int DefaultHorizonDays = 7;

    /// <summary>The event to publish for the slot, or null when its credential is not expiring by the rule.</summary>
    public static RotationEvent? Check(SecretRotation rotation, ExpiringSlot slot, int slotCount, DateTimeOffset now, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(slot);
        var expiresAt = slot.ExpiresAt;
        if (expiresAt <= now || expiresAt > now + horizon)
        {
            return null;
        }

        var replacedAt = ReplacedAt(rotation, slot.Index, slotCount);
        if (replacedAt is { } replaced && expiresAt > replaced)
        {
            return null;
        }

        return Event(rotation.Id, slot, expiresAt.ToUniversalTime(), replacedAt?.ToUniversalTime(), now);
    }

    private static RotationEvent Event(Guid rotationId, ExpiringSlot slot, DateTimeOffset expiresAt, DateTimeOffset? replacedAt, DateTimeOffset now)
    {
        var details = new Dictionary<string, string>
        {
            ["credentialId"] = slot.CredentialId,
            ["slot"] = slot.Index.ToString(CultureInfo.InvariantCulture),
            ["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (replacedAt is { } replaced)
        {
            details["replacedAt"] = replaced.ToString("O", CultureInfo.InvariantCulture);
        }

        var why = replacedAt is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"before the rotation that replaces it at {at:O}")
            : "and auto-rotation is off, so no rotation replaces it";
        return new RotationEvent(
            RotationEventTypes.CredentialExpiring,
            string.Create(CultureInfo.InvariantCulture, $"expiring:{rotationId}:{slot.CredentialId}:{expiresAt:O}"),
            rotationId,
            string.Create(CultureInfo.InvariantCulture, $"Credential {slot.CredentialId} in slot {slot.Index} expires at {expiresAt:O}, {why}."),
            now,
            details);
    }
}
