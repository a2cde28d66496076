using Keyturn.Core.Domain;
using Keyturn.Core.Notifications;
using Keyturn.Core.Rotation;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Core.Tests.Notifications;

public sealed class CredentialExpiryTests
{
    private static readonly DateTimeOffset RotatedAt = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Next = RotatedAt.AddDays(30);
    private static readonly DateTimeOffset AfterNext = RotatedAt.AddDays(60);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private readonly FakeTimeProvider _clock = new(RotatedAt.AddDays(1));

    /// <summary>A 30-day interval rotation at 00:00 that last rotated (on schedule) at <see cref="RotatedAt"/>, slot 0 active.</summary>
    private static SecretRotation Rotation(bool auto = true) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "azure-client-secret", "r", null, Guid.NewGuid(), auto, 30, 0, 0,
            "{}", "{}", 0, RotationStatuses.Success, null, RotatedAt, RotatedAt, null, false, auto ? Next : null, RotatedAt, RotatedAt);

    private static ExpiringSlot Slot(SecretRotation rotation, int index, DateTimeOffset expiresAt) => new(rotation.Id, index, $"key-{index}", expiresAt);

    [Fact]
    public void ReplacedAt_InactiveSlot_IsTheNextRotation() =>
        Assert.Equal(Next, CredentialExpiry.ReplacedAt(Rotation(), 1, slotCount: 2));

    [Fact]
    public void ReplacedAt_ActiveSlotOfTwo_IsTheRotationAfterNext() =>
        Assert.Equal(AfterNext, CredentialExpiry.ReplacedAt(Rotation(), 0, slotCount: 2));

    [Fact]
    public void ReplacedAt_OnlySlot_IsTheNextRotation() =>
        Assert.Equal(Next, CredentialExpiry.ReplacedAt(Rotation(), 0, slotCount: 1));

    [Fact]
    public void ReplacedAt_CronActiveSlot_IsTheOccurrenceAfterNext()
    {
        var cron = Rotation() with { RotationSchedule = "0 2 * * SUN#1" };
        var next = new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2027, 1, 3, 2, 0, 0, TimeSpan.Zero), CredentialExpiry.ReplacedAt(cron with { NextRotationAt = next }, 0, slotCount: 2));
    }

    [Fact]
    public void ReplacedAt_AutoRotationOff_IsNull() =>
        Assert.Null(CredentialExpiry.ReplacedAt(Rotation(auto: false), 1, slotCount: 2));

    [Fact]
    public void Check_InactiveSlotExpiringBeforeTheNextRotation_Reports()
    {
        var rotation = Rotation();
        _clock.SetUtcNow(Next.AddDays(-6));
        var expiresAt = Next.AddDays(-1);

        var expiring = CredentialExpiry.Check(rotation, Slot(rotation, 1, expiresAt), 2, _clock.GetUtcNow(), Week);

        Assert.NotNull(expiring);
        Assert.Equal(RotationEventTypes.CredentialExpiring, expiring.Type);
        Assert.Equal($"expiring:{rotation.Id}:key-1:{expiresAt:O}", expiring.Key);
        Assert.Equal("key-1", expiring.Details["credentialId"]);
        Assert.Equal("1", expiring.Details["slot"]);
        Assert.Equal(expiresAt, DateTimeOffset.Parse(expiring.Details["expiresAt"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Next, DateTimeOffset.Parse(expiring.Details["replacedAt"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Check_InactiveSlotOutlivingTheNextRotation_IsQuiet()
    {
        var rotation = Rotation();
        _clock.SetUtcNow(Next.AddDays(-3));

        Assert.Null(CredentialExpiry.Check(rotation, Slot(rotation, 1, Next.AddDays(1)), 2, _clock.GetUtcNow(), Week));
    }

    [Fact]
    public void Check_ActiveSlotExpiringAfterTheNextButBeforeTheOneAfter_Reports()
    {
        var rotation = Rotation();
        _clock.SetUtcNow(Next.AddDays(1));

        var expiring = CredentialExpiry.Check(rotation, Slot(rotation, 0, Next.AddDays(5)), 2, _clock.GetUtcNow(), Week);

        Assert.Equal(AfterNext, DateTimeOffset.Parse(expiring!.Details["replacedAt"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Check_SameExpiryAsTheReplacement_Reports()
    {
        // Expiring at the very moment of the run leaves no overlap: consumers may still hold it while the run verifies.
        var rotation = Rotation();
        _clock.SetUtcNow(Next.AddDays(-1));

        Assert.NotNull(CredentialExpiry.Check(rotation, Slot(rotation, 1, Next), 2, _clock.GetUtcNow(), Week));
    }

    [Fact]
    public void Check_ExpiringBeyondTheHorizon_IsQuietUntilItComesWithin()
    {
        var rotation = Rotation(auto: false);
        var expiresAt = RotatedAt.AddDays(20);
        _clock.SetUtcNow(expiresAt - Week - TimeSpan.FromMinutes(1));
        var early = CredentialExpiry.Check(rotation, Slot(rotation, 0, expiresAt), 2, _clock.GetUtcNow(), Week);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var within = CredentialExpiry.Check(rotation, Slot(rotation, 0, expiresAt), 2, _clock.GetUtcNow(), Week);

        Assert.Null(early);
        Assert.NotNull(within);
        Assert.False(within.Details.ContainsKey("replacedAt"));
        Assert.Contains("auto-rotation is off", within.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AlreadyExpired_IsQuiet()
    {
        var rotation = Rotation(auto: false);
        _clock.SetUtcNow(RotatedAt.AddDays(3));

        Assert.Null(CredentialExpiry.Check(rotation, Slot(rotation, 0, _clock.GetUtcNow()), 2, _clock.GetUtcNow(), Week));
    }

    [Theory]
    [InlineData(null, 7)]
    [InlineData(new int[0], 7)]
    [InlineData(new[] { 1 }, 1)]
    [InlineData(new[] { 7, 30, 1 }, 30)]
    public void Horizon_LargestSubscribedDayCount_OrSevenDays(int[]? days, int expected) =>
        Assert.Equal(TimeSpan.FromDays(expected), CredentialExpiry.Horizon(days));
}
