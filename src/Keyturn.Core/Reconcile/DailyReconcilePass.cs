using System.Collections.Concurrent;
using System.Globalization;
using Keyturn.Core.Access;
using Keyturn.Core.Notifications;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Reconcile;

/// <summary>What one pass did, for logs and tests.</summary>
/// <param name="Busy">Rotations skipped because an attempt held them; the next day's pass tries again.</param>
/// <param name="Drifted">Rotations whose findings were published as <see cref="RotationEventTypes.DriftDetected"/>.</param>
public sealed record DailyReconcileOutcome(int Reconciled, int Busy, int Failed, int Drifted);

/// <summary>
/// The optional daily reconcile (<c>--reconcile-daily</c>): every rotation reconciled once, not a dry run, a few at a time,
/// and its findings published through the webhooks. Multi-node safe: each reconcile holds the rotation's lease, and the
/// event key names the rotation and day, so a second node's pass over the same day records nothing twice.
/// </summary>
public sealed class DailyReconcilePass(IKeyturnStore store, RotationReconcile reconcile, IRotationEventPublisher publisher, ILogger<DailyReconcilePass> logger)
{
    /// <summary>Reconciles at once, per pass; low because each one calls the targets (Graph, ARM, databases).</summary>
    public const int Concurrency = 4;

    public const string Actor = "reconcile-daily";

    // Keyturn's own caller: full rights, recorded under its actor name.
    private static readonly Principal System = Principal.Root(Actor);

    public async Task<DailyReconcileOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var rotations = new List<Guid>();
        foreach (var project in await store.ListProjectsAsync(cancellationToken))
        {
            rotations.AddRange((await store.ListRotationsAsync(project.Id, cancellationToken)).Select(r => r.Id));
        }

        var results = new ConcurrentBag<PassResult>();
        await Parallel.ForEachAsync(rotations, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (id, token) => results.Add(await ReconcileOneAsync(id, token)));
        var outcome = new DailyReconcileOutcome(results.Count(r => r is PassResult.Clean or PassResult.Drifted), results.Count(r => r == PassResult.Busy),
            results.Count(r => r == PassResult.Failed), results.Count(r => r == PassResult.Drifted));
        logger.LogInformation("Daily reconcile: {Reconciled} reconciled ({Drifted} with drift), {Busy} busy, {Failed} failed",
            outcome.Reconciled, outcome.Drifted, outcome.Busy, outcome.Failed);
        return outcome;
    }

    private enum PassResult { Clean, Drifted, Busy, Gone, Failed }

    private async Task<PassResult> ReconcileOneAsync(Guid rotationId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await reconcile.ReconcileAsync(new ReconcileRequest(rotationId, null, DryRun: false, System), cancellationToken);
            if (!result.IsSuccess)
            {
                if (result.Problem.Kind != ProblemKind.Busy)
                {
                    logger.LogWarning("Daily reconcile of rotation {RotationId} failed: {Problem}", rotationId, result.Problem.Detail ?? result.Problem.Title);
                }

                return result.Problem.Kind switch { ProblemKind.Busy => PassResult.Busy, ProblemKind.NotFound => PassResult.Gone, _ => PassResult.Failed };
            }

            var report = result.Value;
            // "unchecked" alone is a property of the rotation (no verifying client), not drift: it would notify every day.
            var drift = report.Findings.Where(f => f.Kind != FindingKinds.Unchecked).ToList();
            if (drift.Count == 0)
            {
                return PassResult.Clean;
            }

            await publisher.PublishAsync(DriftEvent(report, drift), cancellationToken);
            return PassResult.Drifted;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One rotation's broken target or connection must not end the pass for the others.
            logger.LogError(e, "Daily reconcile of rotation {RotationId} failed", rotationId);
            return PassResult.Failed;
        }
    }

    /// <summary>The event: counts per kind (and what was done) in Details, a one-line summary in Message; ids only.</summary>
    public static RotationEvent DriftEvent(ReconcileReport report, IReadOnlyList<ReconcileFinding> drift)
    {
        var details = RotationReconcile.CountByKind(drift).ToDictionary(p => p.Key, p => p.Value.ToString(CultureInfo.InvariantCulture));
        var revoked = drift.Count(f => f.Action == FindingActions.Revoked);
        var scheduled = drift.Any(f => f.Action == FindingActions.RotationScheduled);
        details["revoked"] = revoked.ToString(CultureInfo.InvariantCulture);
        details["rotationScheduled"] = scheduled ? "true" : "false";
        var summary = string.Join(", ", RotationReconcile.CountByKind(drift).Select(p => $"{p.Value} {p.Key}"));
        var message = $"Reconcile found {summary}" + (revoked > 0 ? $"; revoked {revoked}" : "") + (scheduled ? "; the next rotation is scheduled now" : "") + ".";
        var key = string.Create(CultureInfo.InvariantCulture, $"drift:{report.RotationId}:{report.CheckedAt.UtcDateTime:yyyy-MM-dd}");
        return new RotationEvent(RotationEventTypes.DriftDetected, key, report.RotationId, message, report.CheckedAt, details);
    }
}
