using System.Collections.Concurrent;
using System.Text.Json;
using Keyturn.Core.Audit;
using Keyturn.Core.Connections;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Logging;
using Keyturn.Core.Notifications;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Secrets;
using Keyturn.Core.Storage;
using Keyturn.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Runs rotation attempts as journaled steps (../shared/DESIGN.md, docs/rotation-engine.md): claims the rotation,
/// keeps the lease alive, and hands the attempt to the strategy of the provider's shape (additive, fixed-slot,
/// in-place). Mapped secrets change only in the activation transaction, so no consumer sees an unverified credential.
/// </summary>
public sealed class RotationEngine
{
    private readonly IKeyturnStore _store;
    private readonly RotationProviderRegistry _providers;
    private readonly ConnectionService _connections;
    private readonly SecretService _secrets;
    private readonly RotationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RotationEngine> _logger;
    private readonly IRotationEventPublisher _events;
    private readonly AttemptSteps _steps;
    private readonly Dictionary<RotationShape, IRotationStrategy> _strategies;
    private readonly KeyturnMetrics? _metrics;
    private readonly RotationShutdown _shutdown;

    // Leases are per node (so a restarted node reclaims its own); this set keeps attempts single-flight inside the node.
    private readonly ConcurrentDictionary<Guid, byte> _running = new();

    public RotationEngine(
        IKeyturnStore store, RotationProviderRegistry providers, ConnectionService connections, SecretService secrets, EnvelopeCipher cipher,
        AuditLog audit, ConnectionThrottle throttle, RotationOptions options, TimeProvider timeProvider, ILogger<RotationEngine> logger,
        IRotationEventPublisher events, RotationShutdown shutdown, KeyturnMetrics? metrics = null)
    {
        _metrics = metrics;
        _shutdown = shutdown;
        (_store, _providers, _connections, _options, _timeProvider, _logger) = (store, providers, connections, options, timeProvider, logger);
        _events = events;
        _secrets = secrets;
        _steps = new AttemptSteps(store, secrets, cipher, audit, throttle, options, timeProvider, logger);
        _strategies = new()
        {
            [RotationShape.Additive] = new AdditiveStrategy(_steps, options),
            [RotationShape.FixedSlot] = new FixedSlotStrategy(_steps),
            [RotationShape.InPlace] = new InPlaceStrategy(_steps),
        };
    }

    /// <summary>Claims the rotation and runs one attempt. Busy when another attempt holds it.</summary>
    public Task<Result<SecretRotation>> RotateAsync(Guid rotationId, string trigger, CancellationToken cancellationToken) =>
        RotateAsync(rotationId, new RotateRequest(trigger), cancellationToken);

    /// <summary>
    /// Claims the rotation and runs one attempt for <paramref name="request"/>. Busy when another attempt holds it.
    /// Cancelling <paramref name="cancellationToken"/> ends the attempt at its next journal boundary (an
    /// OperationCanceledException, the job left open for recovery), never in the middle of a provider call.
    /// </summary>
    public Task<Result<SecretRotation>> RotateAsync(Guid rotationId, RotateRequest request, CancellationToken cancellationToken) =>
        ClaimedAsync(rotationId, request.Type, rotation => RunAttemptAsync(rotation, request.Trigger, request.RequestedBy, cancellationToken), cancellationToken);

    /// <summary>
    /// Finishes or rolls back a job a stop left open (its lease expired or is this node's), from its journal; cancelling
    /// stops it at a journal boundary, as for <see cref="RotateAsync(Guid, RotateRequest, CancellationToken)"/>.
    /// </summary>
    public Task<Result<SecretRotation>> RecoverAsync(RotationJob job, CancellationToken cancellationToken) =>
        ClaimedAsync(job.RotationId, type: null, rotation => ResumeAsync(rotation, job, cancellationToken), cancellationToken);

    /// <summary>The credential held in a slot, opened.</summary>
    public Task<IssuedCredential> OpenSlotAsync(SecretRotation rotation, RotationSlot slot, CancellationToken cancellationToken) =>
        _steps.OpenSlotAsync(rotation, slot, cancellationToken);

    /// <summary>The provider and its context (connection opened, parameters parsed) for a rotation; null when its connection or provider is gone.</summary>
    public async Task<(IRotationProvider Provider, ProviderContext Context)?> ContextAsync(SecretRotation rotation, CancellationToken cancellationToken) =>
        await ResolveAsync(rotation, cancellationToken) is { } resolved ? (resolved.Provider, resolved.Context) : null;

    /// <summary>The label that marks a credential as Keyturn's and names rotation and job, so orphans are findable.</summary>
    public static string Label(Guid rotationId, Guid jobId) => $"{LabelPrefix(rotationId)} job {jobId}";

    public static string LabelPrefix(Guid rotationId) => $"Keyturn rotation {rotationId}";

    /// <summary>Runs <paramref name="attempt"/> on the rotation as it stands under the claim; a rotation of another <paramref name="type"/> is not found.</summary>
    private async Task<Result<SecretRotation>> ClaimedAsync(
        Guid rotationId, string? type, Func<SecretRotation, Task<Result<SecretRotation>>> attempt, CancellationToken cancellationToken)
    {
        using var rotationScope = LogScopes.Rotation(_logger, rotationId);
        var claimed = await ClaimAsync(rotationId, cancellationToken);
        if (claimed is null)
        {
            return await _store.GetRotationAsync(rotationId, cancellationToken) is not { } existing || (type is not null && existing.Type != type)
                ? Problem.NotFound("Secret rotation", rotationId)
                : new Problem(ProblemKind.Busy, "Rotation in progress", "Another rotation attempt for this secret rotation is running; try again when it ends.");
        }

        Result<SecretRotation>? result = null;
        var started = _metrics?.Start() ?? 0;
        try
        {
            await using var renewal = LeaseRenewal.Start(_store, rotationId, _options, _timeProvider, _logger);
            result = type is not null && claimed.Type != type ? Problem.NotFound("Secret rotation", rotationId) : await attempt(claimed);
            return result.Value;
        }
        finally
        {
            await ReleaseAsync(rotationId, result);
            Measure(claimed.Type, result, started);
        }
    }

    /// <summary>Counts an attempt that ran (one that found nothing to do, or the wrong type, is not an attempt).</summary>
    private void Measure(string type, Result<SecretRotation>? result, long started)
    {
        var outcome = result switch
        {
            null => RotationOutcome.Error,
            { IsSuccess: true, Value.RotationStatus: RotationStatuses.Success } => RotationOutcome.Succeeded,
            { IsSuccess: true } => RotationOutcome.Failed,
            _ => null,
        };
        if (_metrics is not null && outcome is not null)
        {
            _metrics.RotationEnded(type, outcome, _metrics.Elapsed(started));
        }
    }

    /// <summary>The rotation as it stands once claimed (the claim's own statement reads it), or null when it could not be claimed.</summary>
    private async Task<SecretRotation?> ClaimAsync(Guid rotationId, CancellationToken cancellationToken)
    {
        if (!_running.TryAdd(rotationId, 0))
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        if (await _store.TryClaimAsync(rotationId, _options.NodeId, now + _options.LeaseDuration, now, cancellationToken) is { } claimed)
        {
            return claimed;
        }

        _running.TryRemove(rotationId, out _);
        return null;
    }

    /// <summary>Ends the claim; <paramref name="result"/> is the attempt's outcome, null when it threw.</summary>
    private async Task ReleaseAsync(Guid rotationId, Result<SecretRotation>? result)
    {
        // A successful attempt ends only in a committed activation, which released the lease in its own transaction
        // (saving a durable write); every other ending releases it here, even when the caller gave up: the attempt is
        // over either way (an attempt that threw stays open in the journal for the recovery sweep).
        if (result is not { IsSuccess: true, Value.RotationStatus: RotationStatuses.Success })
        {
            await _store.ReleaseLeaseAsync(rotationId, _options.NodeId, CancellationToken.None);
        }

        _running.TryRemove(rotationId, out _);
    }

    private async Task<Result<SecretRotation>> RunAttemptAsync(SecretRotation rotation, string trigger, string? requestedBy, CancellationToken stop)
    {
        // The caller's token only asks the attempt to stop at a boundary; calls and journal writes run to their end.
        using var cancellation = _shutdown.Begin(stop);
        cancellation.Stopping.ThrowIfCancellationRequested();
        var cancellationToken = cancellation.Token;

        // The scheduler found this rotation due in a scan that may be older than an attempt that activated it since
        // (another worker, another node). Under the claim the rotation is read fresh: a scheduled attempt runs only if
        // it is still due, so a rotation is never rotated twice for one due time (the mass benchmark caught this).
        if (trigger == JobTriggers.Schedule && !IsDue(rotation))
        {
            return new Problem(ProblemKind.Busy, "Not due", "The rotation was rotated or rescheduled since the scheduler found it due; nothing to do.");
        }

        // An earlier attempt that threw (a bug, a store fault mid-step) left its job open while the server ran on. It is
        // settled first, under this claim: left for the next start's recovery, it would be resumed over this attempt's
        // outcome. If it activates, the rotation has rotated and that is this call's answer.
        foreach (var open in (await _store.ListOpenJobsAsync(cancellationToken)).Where(j => j.RotationId == rotation.Id))
        {
            var resumed = await ResumeAsync(rotation, open, stop);
            if (!resumed.IsSuccess || resumed.Value.RotationStatus == RotationStatuses.Success)
            {
                return resumed;
            }

            if (await _store.GetRotationAsync(rotation.Id, cancellationToken) is not { } current)
            {
                return Problem.NotFound("Secret rotation", rotation.Id);
            }

            rotation = current;
        }

        var resolved = await ResolveAsync(rotation, cancellationToken);
        var targetSlot = resolved is null ? rotation.ActiveIndex : resolved.Strategy.TargetSlot(rotation, resolved.Parameters.Plan, trigger);
        var job = new RotationJob(Guid.NewGuid(), rotation.Id, trigger, JobStatuses.Running, targetSlot, _timeProvider.GetUtcNow(), null, null);
        using var jobScope = LogScopes.Job(_logger, job.Id);
        var journal = new JobJournal(_store, _steps.Cipher, rotation.ProjectId, job.Id, _timeProvider);
        if (resolved is null)
        {
            await _steps.StartAsync(rotation, job, [], cancellationToken);
            return await EndAsync(job, null, await _steps.FailAsync(rotation, job, journal, Unresolvable(rotation), cancellationToken, requestedBy: requestedBy));
        }

        var attempt = new RotationAttempt(rotation, job, journal, resolved.Provider, resolved.Context, resolved.Parameters)
        {
            RequestedBy = requestedBy,
            Stopping = cancellation.Stopping,
        };
        return await EndAsync(job, attempt, await resolved.Strategy.RunAsync(attempt, cancellationToken));
    }

    private async Task<Result<SecretRotation>> ResumeAsync(SecretRotation rotation, RotationJob job, CancellationToken stop)
    {
        using var cancellation = _shutdown.Begin(stop);
        cancellation.Stopping.ThrowIfCancellationRequested();
        var cancellationToken = cancellation.Token;
        using var jobScope = LogScopes.Job(_logger, job.Id);
        _logger.LogWarning("Recovering rotation {RotationId} job {JobId} left open by a stop", rotation.Id, job.Id);
        var entries = await _store.GetJournalAsync(job.Id, cancellationToken);
        var journal = new JobJournal(_store, _steps.Cipher, rotation.ProjectId, job.Id, _timeProvider, entries.Count == 0 ? 1 : entries.Max(e => e.Sequence) + 1);
        if (await ResolveAsync(rotation, cancellationToken) is not { } resolved)
        {
            return await EndAsync(job, null, await _steps.FailAsync(rotation, job, journal, $"Interrupted, and {Unresolvable(rotation)}", cancellationToken));
        }

        var attempt = new RotationAttempt(rotation, job, journal, resolved.Provider, resolved.Context, resolved.Parameters) { Stopping = cancellation.Stopping };
        return await EndAsync(job, attempt, await resolved.Strategy.ResumeAsync(attempt, entries, cancellationToken));
    }

    /// <summary>Settles how the job ended (see <see cref="EndCreateAsync"/>) and then tells subscribers.</summary>
    private async Task<Result<SecretRotation>> EndAsync(RotationJob job, RotationAttempt? attempt, Result<SecretRotation> result)
    {
        await EndCreateAsync(job, attempt, result);
        await PublishEndAsync(job, result);
        return result;
    }

    /// <summary>
    /// Records rotation.succeeded or rotation.failed for the job (only an insert: delivery happens in the background). A
    /// failure here never changes the attempt's outcome, and a crash before it loses nothing: the webhook dispatcher
    /// publishes recently ended jobs again, and the job's key makes the repeat a no-op.
    /// </summary>
    private async Task PublishEndAsync(RotationJob job, Result<SecretRotation> result)
    {
        if (result is not { IsSuccess: true, Value.RotationStatus: RotationStatuses.Success or RotationStatuses.Failed })
        {
            return;
        }

        try
        {
            // Not the caller's token: the attempt is over, and a caller that gave up must not leave its end untold.
            await _events.PublishAsync(JobEndEvent.Of(job.RotationId, job.Id, job.Trigger, result.Value.RotationStatus == RotationStatuses.Success,
                result.Value.LastRotationMessage, _timeProvider.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "Could not record the end of rotation {RotationId} job {JobId} for webhooks; the dispatcher's sweep will", job.RotationId, job.Id);
        }
    }

    /// <summary>
    /// A create whose first attempt failed keeps nothing, as if it had never been made, unless the target may already
    /// hold the attempt's new value: then the rotation (and the value sealed in its journal) is kept, so nothing is lost.
    /// </summary>
    private async Task<Result<SecretRotation>> EndCreateAsync(RotationJob job, RotationAttempt? attempt, Result<SecretRotation> result)
    {
        if (job.Trigger == JobTriggers.Create && result is { IsSuccess: true, Value.RotationStatus: not RotationStatuses.Success } && attempt?.TargetMayHoldNewValue != true)
        {
            await _store.DeleteRotationAsync(job.RotationId, deleteSecrets: true, CancellationToken.None);
        }

        return result;
    }

    private bool IsDue(SecretRotation rotation) =>
        rotation is { IsAutoRotationEnabled: true, NextRotationAt: { } next } && next <= _timeProvider.GetUtcNow();

    private sealed record Resolved(IRotationProvider Provider, ProviderContext Context, ParsedParameters Parameters, IRotationStrategy Strategy);

    private async Task<Resolved?> ResolveAsync(SecretRotation rotation, CancellationToken cancellationToken)
    {
        var provider = _providers.Find(rotation.Type);
        var connection = await _store.GetConnectionAsync(rotation.ConnectionId, cancellationToken);
        if (provider is null || connection is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(rotation.ParametersJson);
        var parameters = ParsedParameters.Parse(provider, document.RootElement, new ValidationErrors());
        if (parameters is null)
        {
            return null;
        }

        var context = new ProviderContext(await _connections.OpenAsync(connection, cancellationToken), parameters.Typed, rotation.Id)
        {
            Secrets = new FolderSecrets(_store, _secrets, rotation.ProjectId, rotation.FolderId),
        };
        return new Resolved(provider, context, parameters, _strategies[provider.Descriptor.Shape]);
    }

    private string Unresolvable(SecretRotation rotation)
    {
        // Parameters can stop meeting their rules after create (a script path that now leads outside its directory):
        // the failure names the rule, not only that one was broken.
        var errors = new ValidationErrors();
        if (_providers.Find(rotation.Type) is { } provider)
        {
            using var document = JsonDocument.Parse(rotation.ParametersJson);
            ParsedParameters.Parse(provider, document.RootElement, errors);
        }

        return $"the rotation's app connection or provider no longer exists, or its parameters no longer meet the {rotation.Type} rules." +
               (errors.IsEmpty ? "" : $" {errors.Summary()}.");
    }
}
