using Keyturn.Core.Access;

namespace Keyturn.Core.Reconcile;

/// <summary>A reconcile of one rotation, as asked through the API or by the daily pass.</summary>
/// <param name="Type">The rotation type in the route; null when any type will do (the daily pass).</param>
/// <param name="DryRun">True: only report. False: revoke orphans and schedule the next rotation where a finding calls for it.</param>
/// <param name="Principal">Who asked: checked for the rotation's manage permission; its actor names the audit entry of a non-dry run.</param>
public sealed record ReconcileRequest(Guid RotationId, string? Type, bool DryRun, Principal Principal);

/// <summary>What a reconcile found and did.</summary>
/// <param name="NextRotationAt">The rotation's next scheduled time after this reconcile (now, when it scheduled one).</param>
public sealed record ReconcileReport(
    Guid RotationId, bool DryRun, DateTimeOffset CheckedAt, IReadOnlyList<ReconcileFinding> Findings, DateTimeOffset? NextRotationAt);
