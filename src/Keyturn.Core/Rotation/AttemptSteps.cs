using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Secrets;
using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Rotation;

/// <summary>
/// The steps every strategy shares: start the job, call the provider between failpoints, verify within the window,
/// activate in one transaction, fail. Strategies decide the order and what a failure undoes.
/// </summary>
internal sealed class AttemptSteps(
    IKeyturnStore store, SecretService secrets, EnvelopeCipher cipher, AuditLog audit, ConnectionThrottle throttle, RotationOptions options, TimeProvider timeProvider,
    ILogger logger)
{
    public IKeyturnStore Store => store;

    public TimeProvider Time => timeProvider;

    public EnvelopeCipher Cipher => cipher;

    public Task StartAsync(RotationAttempt attempt, IReadOnlyList<JournalEntry> firstEntries, CancellationToken cancellationToken) =>
        StartAsync(attempt.Rotation, attempt.Job, firstEntries, cancellationToken);

    /// <summary>Writes the job with the intent of its first side effect, in one transaction.</summary>
    public async Task StartAsync(SecretRotation rotation, RotationJob job, IReadOnlyList<JournalEntry> firstEntries, CancellationToken cancellationToken)
    {
        await store.StartJobAsync(job, firstEntries, cancellationToken);
        logger.LogInformation("Rotation {RotationId} job {JobId} started ({Trigger}) for slot {Slot}", rotation.Id, job.Id, job.Trigger, job.TargetSlot);
    }

    public Task AppendAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken, SlotRef? emptySlot = null) =>
        store.AppendJournalAsync(new JournalAppend(entries, emptySlot), cancellationToken);

    /// <summary>
    /// Runs a step's side effect between its failpoints (its intent is already durable). A Retry-After in the answer is
    /// recorded for the attempt's connection, so the scheduler holds back that connection's other rotations until then.
    /// A stop asked for before the call ends the attempt here, at a journal boundary; one asked for during the call waits
    /// for its answer, so the caller records it (a held failpoint stands for a crash and ends on the stop).
    /// </summary>
    public async Task<ProviderResult<T>> CallAsync<T>(RotationAttempt attempt, string step, Func<Task<ProviderResult<T>>> call, CancellationToken cancellationToken)
    {
        await options.Failpoints.HitAsync(step, FailpointWhen.Before, attempt.Stopping);
        attempt.Stopping.ThrowIfCancellationRequested();
        var result = await call();
        await options.Failpoints.HitAsync(step, FailpointWhen.After, attempt.Stopping);
        if (result.Error?.RetryAfter is { } wait && wait > TimeSpan.Zero)
        {
            throttle.ThrottleUntil(attempt.Rotation.ConnectionId, timeProvider.GetUtcNow() + wait);
        }

        return result;
    }

    /// <summary>The credential held in a slot, opened; null when the slot is empty.</summary>
    public async Task<IssuedCredential?> OpenSlotAsync(SecretRotation rotation, int index, CancellationToken cancellationToken) =>
        (await store.ListSlotsAsync(rotation.Id, cancellationToken)).FirstOrDefault(s => s.Index == index) is { } slot
            ? await OpenSlotAsync(rotation, slot, cancellationToken)
            : null;

    public async Task<IssuedCredential> OpenSlotAsync(SecretRotation rotation, RotationSlot slot, CancellationToken cancellationToken) =>
        StoredCredential.Deserialize(await cipher.OpenAsync(rotation.ProjectId, slot.SealedCredential, SealContext.Slot(rotation.Id, slot.Index, slot.JobId), cancellationToken));

    /// <summary>A secret sealed into any job's journal entry (e.g. the value a failed attempt left at the target).</summary>
    public Task<string> OpenJournalSecretAsync(Guid projectId, JournalEntry entry, CancellationToken cancellationToken) =>
        cipher.OpenAsync(projectId, entry.SealedSecret!, SealContext.Journal(entry.JobId, entry.Sequence), cancellationToken);

    public async Task<IssuedCredential> OpenJournalCredentialAsync(RotationAttempt attempt, JournalEntry entry, CancellationToken cancellationToken) =>
        StoredCredential.Deserialize(await attempt.Journal.OpenAsync(entry, cancellationToken));

    /// <summary>Verifies, retrying transient refusals (propagation) with growing waits for at most the verify window.</summary>
    public Task<ProviderResult<Verification>> VerifyAsync(RotationAttempt attempt, IssuedCredential credential, CancellationToken cancellationToken) =>
        CallAsync(attempt, JournalSteps.Verify, async () =>
        {
            var request = new VerifyRequest(attempt.Context, credential);
            var deadline = timeProvider.GetUtcNow() + options.VerifyTimeout;
            var delay = options.VerifyInitialDelay;
            while (true)
            {
                var result = await attempt.Provider.VerifyAsync(request, cancellationToken);
                if (result.IsSuccess || !result.Error.Transient || timeProvider.GetUtcNow() + delay > deadline)
                {
                    return result;
                }

                // Verifying has no side effect: a stop may end the wait between tries, and recovery verifies again.
                await Task.Delay(delay, timeProvider, attempt.Stopping);
                delay = TimeSpan.FromTicks(Math.Min(options.VerifyMaxDelay.Ticks, (long)(delay.Ticks * 1.5)));
            }
        }, cancellationToken);

    /// <summary>
    /// Verifies and activates a credential whose verify intent is durable. When verify or activation fails,
    /// <paramref name="abandon"/> decides what the failure undoes (additive: revoke; overwrite: nothing can be undone),
    /// given the message and the entries still to commit.
    /// </summary>
    public async Task<Result<SecretRotation>> VerifyAndActivateAsync(
        RotationAttempt attempt, IssuedCredential credential, Func<string, IReadOnlyList<JournalEntry>, Task<Result<SecretRotation>>> abandon, CancellationToken cancellationToken)
    {
        var verified = await VerifyAsync(attempt, credential, cancellationToken);
        if (!verified.IsSuccess)
        {
            return await abandon($"The new credential was not accepted within {options.VerifyTimeout.TotalSeconds:0} s: {verified.Error.Message}", []);
        }

        // Committed with the activation, or with whatever the abandon path writes when activation cannot happen.
        var verifiedEntry = attempt.Journal.Entry(JournalSteps.Verify, JournalSteps.Result,
            new { credentialId = credential.CredentialId, verification = verified.Value.ToString().ToLowerInvariant() });
        var activation = await BuildActivationAsync(attempt, credential, verifiedEntry, cancellationToken);
        if (!activation.IsSuccess)
        {
            return await abandon(activation.Problem.Detail ?? activation.Problem.Title, [verifiedEntry]);
        }

        await options.Failpoints.HitAsync(JournalSteps.Activate, FailpointWhen.Before, attempt.Stopping);
        try
        {
            await store.CompleteActivationAsync(activation.Value, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return await LeaseLostAsync(attempt.Rotation.Id, cancellationToken)
                ? LeaseLost(attempt.Rotation.Id, attempt.Job.Id)
                : await abandon("A mapped secret was changed while the rotation ran; nothing was activated.", [verifiedEntry]);
        }

        await options.Failpoints.HitAsync(JournalSteps.Activate, FailpointWhen.After, attempt.Stopping);
        var updated = activation.Value.Rotation;
        logger.LogInformation("Rotation {RotationId} job {JobId} activated slot {Slot}", updated.Id, attempt.Job.Id, updated.ActiveIndex);
        return updated;
    }

    public Task<Result<SecretRotation>> FailAsync(RotationAttempt attempt, string message, CancellationToken cancellationToken, IReadOnlyList<JournalEntry>? pending = null) =>
        FailAsync(attempt.Rotation, attempt.Job, attempt.Journal, message, cancellationToken, pending, attempt.RequestedBy);

    /// <summary>
    /// Ends the job as failed: rotation outcome, fail entry, job end and the audit entries ("failed", and
    /// "rotate-requested" when a person asked) in one transaction, guarded by the lease.
    /// </summary>
    public async Task<Result<SecretRotation>> FailAsync(
        SecretRotation rotation, RotationJob job, JobJournal journal, string message, CancellationToken cancellationToken,
        IReadOnlyList<JournalEntry>? pending = null, string? requestedBy = null)
    {
        if (pending is { Count: > 0 })
        {
            await AppendAsync(pending, cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        var failed = rotation with
        {
            RotationStatus = RotationStatuses.Failed,
            LastRotationMessage = message,
            LastRotationAttemptedAt = now,
            LastRotationJobId = job.Id,
            UpdatedAt = now,
        };
        failed = RotationSchedule.AfterFailure(failed, job.Trigger, options, now);
        var failedAudit = audit.Entry("rotation-engine", "secret-rotation.failed", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId,
            new { jobId = job.Id, job.Trigger, message });
        var failure = new RotationFailure(failed, journal.Entry(JournalSteps.Fail, JournalSteps.Result, new { message }), job.Id, now, message)
        {
            LeaseOwner = options.NodeId,
            Audit = [failedAudit, .. Requested(failed, requestedBy)],
        };
        try
        {
            await store.FailJobAsync(failure, cancellationToken);
        }
        catch (StoreConflictException)
        {
            if (await LeaseLostAsync(rotation.Id, cancellationToken))
            {
                return LeaseLost(rotation.Id, job.Id);
            }

            throw;
        }

        logger.LogWarning("Rotation {RotationId} job {JobId} failed: {Message}", rotation.Id, job.Id, message);
        return failed;
    }

    /// <summary>The API's "rotate-requested" entry: who asked, and the outcome (so it belongs to the final transaction).</summary>
    private IEnumerable<AuditEntry> Requested(SecretRotation outcome, string? requestedBy) => requestedBy is null
        ? []
        : [audit.Entry(requestedBy, "secret-rotation.rotate-requested", "secret-rotation", outcome.Id.ToString(), outcome.ProjectId, new { status = outcome.RotationStatus })];

    // A conflict on a final write means the lease lapsed (another node now owns the attempt) only if this node can
    // no longer claim it; otherwise the conflict was something else (a mapped secret changed) and is handled as such.
    private async Task<bool> LeaseLostAsync(Guid rotationId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return !await store.TryAcquireLeaseAsync(rotationId, options.NodeId, now + options.LeaseDuration, now, cancellationToken);
    }

    // Another node took the rotation over after this node's lease lapsed: it recovers this job from the journal, so
    // this node must write nothing more.
    private Problem LeaseLost(Guid rotationId, Guid jobId)
    {
        logger.LogWarning("Rotation {RotationId} job {JobId}: the lease was lost; leaving the job to recovery", rotationId, jobId);
        return new Problem(ProblemKind.Busy, "Rotation taken over", "This node's claim on the rotation lapsed; the node now holding it finishes the attempt.");
    }

    /// <summary>
    /// A dual-phase create adopting a credential made outside Keyturn: the other slot, holding only its id (its secret
    /// was never Keyturn's to know), so the first rotation after create revokes it as it revokes any previous credential.
    /// </summary>
    private async Task<RotationSlot?> AdoptedSlotAsync(RotationAttempt attempt, IssuedCredential issued, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (rotation, job) = (attempt.Rotation, attempt.Job);
        if (job.Trigger != JobTriggers.Create || attempt.Parameters.Plan is not { SlotCount: 2, AdoptedCredentialId: { } adoptedId })
        {
            return null;
        }

        var slot = 1 - job.TargetSlot;
        var record = StoredCredential.Serialize(new IssuedCredential(adoptedId, new Dictionary<string, string>(), null));
        var sealedRecord = await cipher.SealAsync(rotation.ProjectId, record, SealContext.Slot(rotation.Id, slot, job.Id), cancellationToken);
        return new RotationSlot(rotation.Id, slot, adoptedId, sealedRecord, job.Id, now) { ExpiresAt = issued.AdoptedExpiresAt };
    }

    /// <summary>
    /// The activation with everything that belongs in its transaction: the verify result, the activate result, the
    /// "rotated" audit entry and the lease release (the engine then skips its own release).
    /// </summary>
    private async Task<Result<RotationActivation>> BuildActivationAsync(
        RotationAttempt attempt, IssuedCredential credential, JournalEntry verifiedEntry, CancellationToken cancellationToken)
    {
        var (rotation, job) = (attempt.Rotation, attempt.Job);
        var writes = new List<SecretVersionWrite>();
        foreach (var (output, key) in SecretsMapping.Parse(rotation.SecretsMappingJson))
        {
            if (!credential.Values.TryGetValue(output, out var value))
            {
                return Problem.Conflict($"The provider returned no value for '{output}'.");
            }

            var existing = await store.GetSecretAsync(rotation.FolderId, key, cancellationToken);
            if (existing is not null && existing.OwnerRotationId != rotation.Id)
            {
                return Problem.Conflict($"Secret '{key}' exists and is not managed by this rotation; nothing was activated.");
            }

            writes.Add(await secrets.SealWriteAsync(rotation.ProjectId, existing?.Id ?? Guid.NewGuid(), rotation.FolderId, key,
                (existing?.Version ?? 0) + 1, value, rotation.Id, cancellationToken));
        }

        var now = timeProvider.GetUtcNow();
        var sealedCredential = await cipher.SealAsync(rotation.ProjectId, StoredCredential.Serialize(credential), SealContext.Slot(rotation.Id, job.TargetSlot, job.Id), cancellationToken);
        var updated = rotation with
        {
            ActiveIndex = job.TargetSlot,
            RotationStatus = RotationStatuses.Success,
            LastRotationMessage = null,
            LastRotationAttemptedAt = now,
            LastRotatedAt = now,
            LastRotationJobId = job.Id,
            LastRotationWasManual = job.Trigger is JobTriggers.Create or JobTriggers.Manual,
            FailedAttempts = 0,
            UpdatedAt = now,
        };
        updated = updated with { NextRotationAt = RotationSchedule.NextRotationAt(updated) };
        var adopted = await AdoptedSlotAsync(attempt, credential, now, cancellationToken);
        var activated = attempt.Journal.Entry(JournalSteps.Activate, JournalSteps.Result,
            new { slot = job.TargetSlot, credentialId = credential.CredentialId, secrets = writes.Select(w => new { w.Key, w.Version }), adoptedCredentialId = adopted?.CredentialId });
        var rotated = audit.Entry("rotation-engine", "secret-rotation.rotated", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId,
            new { jobId = job.Id, job.Trigger, activeIndex = updated.ActiveIndex, credentialId = credential.CredentialId });
        var slot = new RotationSlot(rotation.Id, job.TargetSlot, credential.CredentialId, sealedCredential, job.Id, now) { ExpiresAt = credential.ExpiresAt };
        return new RotationActivation(slot, updated, writes,
            [verifiedEntry, activated], job.Id, now, $"Activated credential {credential.CredentialId} in slot {job.TargetSlot}." +
            (adopted is null ? "" : $" Adopted credential {adopted.CredentialId} in slot {adopted.Index}; the next rotation revokes it."))
        {
            AdoptedSlot = adopted,
            Audit = [rotated, .. Requested(updated, attempt.RequestedBy)],
            LeaseOwner = options.NodeId,
            ReleaseLeaseOwner = options.NodeId,
        };
    }
}
