using Keyturn.Core.Notifications;
using Keyturn.Core.Reconcile;

namespace Keyturn.Core.Tests.Reconcile;

public sealed class DailyReconcilePassTests
{
    private static readonly Guid RotationId = Guid.NewGuid();

    [Fact]
    public void DriftEvent_Findings_CountsPerKindWhatWasDoneAndAKeyPerRotationAndDay()
    {
        var checkedAt = new DateTimeOffset(2026, 11, 29, 3, 0, 5, TimeSpan.Zero);
        ReconcileFinding[] findings =
        [
            new(FindingKinds.Orphan, "k1", null, "Keyturn rotation x job y", null, FindingActions.Revoked, "m"),
            new(FindingKinds.Orphan, "k2", null, "Keyturn rotation x job z", null, FindingActions.RevokeFailed, "m"),
            new(FindingKinds.Missing, "k3", 0, null, null, FindingActions.RotationScheduled, "m"),
        ];

        var published = DailyReconcilePass.DriftEvent(new ReconcileReport(RotationId, false, checkedAt, findings, checkedAt), findings);

        Assert.Equal(RotationEventTypes.DriftDetected, published.Type);
        Assert.Equal($"drift:{RotationId}:2026-11-29", published.Key);
        Assert.Equal(RotationId, published.RotationId);
        Assert.Equal(checkedAt, published.At);
        Assert.Equal("2", published.Details["orphan"]);
        Assert.Equal("1", published.Details["missing"]);
        Assert.Equal("1", published.Details["revoked"]);
        Assert.Equal("true", published.Details["rotationScheduled"]);
        Assert.Equal("Reconcile found 2 orphan, 1 missing; revoked 1; the next rotation is scheduled now.", published.Message);
    }

    [Fact]
    public void DriftEvent_SameDayInAnotherTimeZoneOffset_HasTheUtcDayInItsKey()
    {
        var lateEvening = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.FromHours(-5));
        ReconcileFinding[] findings = [new(FindingKinds.Foreign, "k", null, null, null, FindingActions.Reported, "m")];

        var published = DailyReconcilePass.DriftEvent(new ReconcileReport(RotationId, false, lateEvening, findings, null), findings);

        Assert.Equal($"drift:{RotationId}:2026-11-30", published.Key);
        Assert.Equal("0", published.Details["revoked"]);
        Assert.Equal("false", published.Details["rotationScheduled"]);
    }
}
