using System.Text.Json;
using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Reconcile;

/// <summary>
/// Compares a rotation's target with what the rotation owns (docs/reconcile.md) and, unless it is a dry run, revokes
/// orphans and schedules the next rotation where a credential is missing or changed. Runs under the rotation's lease,
/// so it never sees an attempt's half-made state nor races one.
/// </summary>
public sealed class RotationReconcile(
    IKeyturnStore store, RotationProviderRegistry providers, RotationEngine engine, AuditLog audit, RotationOptions options, TimeProvider timeProvider,
    ILogger<RotationReconcile> logger)
{
    public async Task<Result<ReconcileReport>> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RotationAccess.CheckAsync(store, request.Principal, Permission.RotationManage, request.Type, request.RotationId, cancellationToken) is { } denied)
        {
            return denied;
        }

        // Its own owner name: the engine's claims (this node's id) must not pass while a reconcile holds the lease.
        var owner = $"reconcile:{Guid.NewGuid():N}";
        var now = timeProvider.GetUtcNow();
        var rotation = await store.TryClaimAsync(request.RotationId, owner, now + options.LeaseDuration, now, cancellationToken);
        if (rotation is null)
        {
            return await store.GetRotationAsync(request.RotationId, cancellationToken) is not { } existing || !IsOfType(existing, request)
                ? RotationAccess.Missing(request.Principal, request.RotationId)
                : new Problem(ProblemKind.Busy, "Rotation in progress", "A rotation attempt is running; reconcile the rotation when it ends.");
        }

        try
        {
            if (!IsOfType(rotation, request))
            {
                return RotationAccess.Missing(request.Principal, request.RotationId);
            }

            await using var renewal = LeaseRenewal.Start(
                (at, token) => store.TryAcquireLeaseAsync(rotation.Id, owner, at + options.LeaseDuration, at, token), rotation.Id, options, timeProvider, logger);
            return await UnderLeaseAsync(rotation, request, now, cancellationToken);
        }
        finally
        {
            await store.ReleaseLeaseAsync(rotation.Id, owner, CancellationToken.None);
        }
    }

    private static bool IsOfType(SecretRotation rotation, ReconcileRequest request) => request.Type is null || rotation.Type == request.Type;

    private async Task<Result<ReconcileReport>> UnderLeaseAsync(SecretRotation rotation, ReconcileRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inspection = await InspectionAsync(rotation, now, cancellationToken);
        if (inspection is null)
        {
            return new Problem(ProblemKind.Conflict, "Cannot reconcile",
                $"The rotation's app connection or provider no longer exists, or its parameters no longer meet the {rotation.Type} rules; nothing was checked.");
        }

        IReadOnlyList<Drift> drifts;
        if (inspection.Provider.Descriptor.Shape == RotationShape.Additive)
        {
            var listed = await AdditiveInspection.InspectAsync(inspection, cancellationToken);
            if (!listed.IsSuccess)
            {
                return listed.Problem;
            }

            drifts = listed.Value;
        }
        else
        {
            drifts = await SlotInspection.InspectAsync(inspection, cancellationToken);
        }

        return await ActAsync(inspection, drifts, request, cancellationToken);
    }

    private async Task<Inspection?> InspectionAsync(SecretRotation rotation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await engine.ContextAsync(rotation, cancellationToken) is not var (provider, context) || SlotCount(rotation) is not { } slotCount)
        {
            return null;
        }

        var slots = new List<OwnedSlot>();
        foreach (var slot in (await store.ListSlotsAsync(rotation.Id, cancellationToken)).Where(s => s.Index < slotCount))
        {
            slots.Add(new OwnedSlot(slot, await engine.OpenSlotAsync(rotation, slot, cancellationToken)));
        }

        var openJobLabels = (await store.ListOpenJobsAsync(cancellationToken))
            .Where(j => j.RotationId == rotation.Id)
            .Select(j => RotationEngine.Label(rotation.Id, j.Id))
            .ToHashSet(StringComparer.Ordinal);
        return new Inspection(rotation, provider, context, slots, openJobLabels, slotCount, now, options.VerifyTimeout);
    }

    private int? SlotCount(SecretRotation rotation)
    {
        using var document = JsonDocument.Parse(rotation.ParametersJson);
        return providers.Find(rotation.Type) is { } provider ? ParsedParameters.Parse(provider, document.RootElement, new ValidationErrors())?.Plan.SlotCount : null;
    }

    /// <summary>Decides each finding's action; outside a dry run, revokes orphans and schedules the next rotation.</summary>
    private async Task<ReconcileReport> ActAsync(Inspection inspection, IReadOnlyList<Drift> drifts, ReconcileRequest request, CancellationToken cancellationToken)
    {
        var rotation = inspection.Rotation;
        var schedule = !request.DryRun && rotation.IsAutoRotationEnabled && drifts.Any(d => d.Remedy == Remedy.Schedule);
        var findings = new List<ReconcileFinding>();
        var revoked = new List<string>();
        var revokeFailed = new List<string>();
        foreach (var drift in drifts)
        {
            switch (drift.Remedy)
            {
                case Remedy.Revoke when !request.DryRun:
                    var outcome = await inspection.Provider.RevokeAsync(new RevokeRequest(inspection.Context, drift.CredentialId), cancellationToken);
                    (outcome.IsSuccess ? revoked : revokeFailed).Add(drift.CredentialId);
                    findings.Add(outcome.IsSuccess
                        ? drift.With(FindingActions.Revoked, $"{drift.Message} Revoked.")
                        : drift.With(FindingActions.RevokeFailed, $"{drift.Message} Revoking it failed: {outcome.Error.Message}"));
                    break;
                case Remedy.Revoke:
                    findings.Add(drift.With(FindingActions.Reported, $"{drift.Message} A reconcile with dryRun=false revokes it."));
                    break;
                case Remedy.Schedule when schedule:
                    findings.Add(drift.With(FindingActions.RotationScheduled, $"{drift.Message} The next rotation is scheduled now, so the scheduler replaces it."));
                    break;
                case Remedy.Schedule when request.DryRun:
                    findings.Add(drift.With(FindingActions.Reported, $"{drift.Message} A reconcile with dryRun=false schedules the next rotation at once."));
                    break;
                case Remedy.Schedule:
                    findings.Add(drift.With(FindingActions.Reported, $"{drift.Message} Auto-rotation is off, so nothing was scheduled: rotate it now."));
                    break;
                default:
                    findings.Add(drift.With(FindingActions.Reported, drift.Message));
                    break;
            }
        }

        var next = rotation.NextRotationAt;
        if (schedule)
        {
            next = inspection.Now;
            await store.UpdateRotationAsync(rotation with { NextRotationAt = next, UpdatedAt = inspection.Now }, cancellationToken);
        }

        if (!request.DryRun)
        {
            await audit.RecordAsync(request.Principal.Actor, "secret-rotation.reconciled", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId, new
            {
                findings = CountByKind(findings),
                revoked,
                revokeFailed,
                rotationScheduled = schedule,
            }, cancellationToken);
        }

        logger.LogInformation("Reconciled rotation {RotationId} (dry run {DryRun}): {Findings} findings, {Revoked} revoked, rotation scheduled {Scheduled}",
            rotation.Id, request.DryRun, findings.Count, revoked.Count, schedule);
        return new ReconcileReport(rotation.Id, request.DryRun, inspection.Now, findings, next);
    }

    /// <summary>How many findings of each kind, in the kinds' order of first appearance.</summary>
    public static IReadOnlyDictionary<string, int> CountByKind(IEnumerable<ReconcileFinding> findings) =>
        findings.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count());
}
