using System.Collections.Concurrent;
using System.Text.Json;
using Keyturn.Core.Audit;
using Keyturn.Core.Connections;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Secrets;
using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Runs rotation attempts as journaled steps (../shared/DESIGN.md): claim, revoke-inactive, issue, verify, activate.
/// Mapped secrets change only in activate, one transaction, so no consumer ever sees an unverified credential;
/// the previously active credential stays valid until the next attempt revokes it.
/// </summary>
public sealed partial class RotationEngine(
    IKeyturnStore store,
    RotationProviderRegistry providers,
    ConnectionService connections,
    SecretService secrets,
    EnvelopeCipher cipher,
    AuditLog audit,
    RotationOptions options,
    TimeProvider timeProvider,
    ILogger<RotationEngine> logger)
{
    // Leases are per node (so a restarted node reclaims its own); this set keeps attempts single-flight inside the node.
    private readonly ConcurrentDictionary<Guid, byte> _running = new();

    /// <summary>Claims the rotation and runs one attempt. Busy when another attempt holds it.</summary>
    public async Task<Result<SecretRotation>> RotateAsync(Guid rotationId, string trigger, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(rotationId, cancellationToken);
        if (claimed is not null)
        {
            return await store.GetRotationAsync(rotationId, cancellationToken) is null ? Problem.NotFound("Secret rotation", rotationId) : claimed;
        }

        try
        {
            var rotation = await store.GetRotationAsync(rotationId, cancellationToken);
            if (rotation is null)
            {
                return Problem.NotFound("Secret rotation", rotationId);
            }

            return await RunAttemptAsync(rotation, trigger, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(rotationId);
        }
    }

    /// <summary>Null when this caller now holds the rotation, else the Busy problem.</summary>
    private async Task<Problem?> ClaimAsync(Guid rotationId, CancellationToken cancellationToken)
    {
        var busy = new Problem(ProblemKind.Busy, "Rotation in progress", "Another rotation attempt for this secret rotation is running; try again when it ends.");
        if (!_running.TryAdd(rotationId, 0))
        {
            return busy;
        }

        var now = timeProvider.GetUtcNow();
        if (await store.TryAcquireLeaseAsync(rotationId, options.NodeId, now + options.LeaseDuration, now, cancellationToken))
        {
            return null;
        }

        _running.TryRemove(rotationId, out _);
        return busy;
    }

    private async Task ReleaseAsync(Guid rotationId)
    {
        // Released even when the caller gave up: the attempt is over either way.
        await store.ReleaseLeaseAsync(rotationId, options.NodeId, CancellationToken.None);
        _running.TryRemove(rotationId, out _);
    }

    /// <summary>The credential held in a slot, opened.</summary>
    public async Task<IssuedCredential> OpenSlotAsync(SecretRotation rotation, RotationSlot slot, CancellationToken cancellationToken) =>
        StoredCredential.Deserialize(await cipher.OpenAsync(rotation.ProjectId, slot.SealedCredential, SealContext.Slot(rotation.Id, slot.Index, slot.JobId), cancellationToken));

    /// <summary>Builds the provider context (connection opened) for a rotation; null when its connection is gone.</summary>
    public async Task<(IRotationProvider Provider, ProviderContext Context)?> ContextAsync(SecretRotation rotation, CancellationToken cancellationToken)
    {
        var provider = providers.Find(rotation.Type);
        var connection = await store.GetConnectionAsync(rotation.ConnectionId, cancellationToken);
        if (provider is null || connection is null)
        {
            return null;
        }

        var parameters = JsonDocument.Parse(rotation.ParametersJson).RootElement.Clone();
        return (provider, new ProviderContext(await connections.OpenAsync(connection, cancellationToken), parameters, rotation.Id));
    }

    /// <summary>The label that marks a credential as Keyturn's and names rotation and job, so orphans are findable.</summary>
    public static string Label(Guid rotationId, Guid jobId) => $"{LabelPrefix(rotationId)} job {jobId}";

    public static string LabelPrefix(Guid rotationId) => $"Keyturn rotation {rotationId}";

    private async Task<Result<SecretRotation>> RunAttemptAsync(SecretRotation rotation, string trigger, CancellationToken cancellationToken)
    {
        var resolved = await ContextAsync(rotation, cancellationToken);
        var targetSlot = trigger == JobTriggers.Create || resolved is { Provider.SlotCount: 1 } ? 0 : 1 - rotation.ActiveIndex;
        var job = new RotationJob(Guid.NewGuid(), rotation.Id, trigger, JobStatuses.Running, targetSlot, timeProvider.GetUtcNow(), null, null);
        await store.StartJobAsync(job, cancellationToken);
        var journal = new JobJournal(store, cipher, rotation.ProjectId, job.Id, timeProvider);
        logger.LogInformation("Rotation {RotationId} job {JobId} started ({Trigger}) for slot {Slot}", rotation.Id, job.Id, trigger, targetSlot);

        if (resolved is not var (provider, context))
        {
            return await FailAsync(rotation, job, journal, "The rotation's app connection or provider no longer exists.", cancellationToken);
        }

        var revoked = await RevokeInactiveAsync(rotation, targetSlot, provider, context, journal, cancellationToken);
        if (revoked is not null)
        {
            return await FailAsync(rotation, job, journal, revoked, cancellationToken);
        }

        var issueRequest = new IssueRequest(context, job.Id, Label(rotation.Id, job.Id), ExpiryFor(rotation));
        await journal.IntentAsync(JournalSteps.Issue, new { label = issueRequest.Label }, cancellationToken);
        var issued = await provider.IssueAsync(issueRequest, cancellationToken);
        if (!issued.IsSuccess)
        {
            return await FailAsync(rotation, job, journal, $"Issuing a new credential failed: {issued.Error.Message}", cancellationToken);
        }

        // Written before anything else happens: a crash after this point loses no credential.
        var credential = issued.Value;
        await journal.ResultWithSecretAsync(JournalSteps.Issue, new { credentialId = credential.CredentialId }, StoredCredential.Serialize(credential), cancellationToken);
        return await VerifyAndActivateAsync(rotation, job, journal, provider, context, credential, cancellationToken);
    }

    private async Task<Result<SecretRotation>> VerifyAndActivateAsync(
        SecretRotation rotation, RotationJob job, JobJournal journal, IRotationProvider provider, ProviderContext context, IssuedCredential credential, CancellationToken cancellationToken)
    {
        await journal.IntentAsync(JournalSteps.Verify, new { credentialId = credential.CredentialId }, cancellationToken);
        var verified = await VerifyWithinWindowAsync(provider, new VerifyRequest(context, credential), cancellationToken);
        if (!verified.IsSuccess)
        {
            return await RollBackAsync(rotation, job, journal, provider, context, credential,
                $"The new credential was not accepted within {options.VerifyTimeout.TotalSeconds:0} s: {verified.Error.Message}", cancellationToken);
        }

        await journal.ResultAsync(JournalSteps.Verify, new { credentialId = credential.CredentialId }, cancellationToken);
        var activation = await BuildActivationAsync(rotation, job, journal, credential, cancellationToken);
        if (!activation.IsSuccess)
        {
            return await RollBackAsync(rotation, job, journal, provider, context, credential, activation.Problem.Detail ?? activation.Problem.Title, cancellationToken);
        }

        try
        {
            await store.CompleteActivationAsync(activation.Value, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return await RollBackAsync(rotation, job, journal, provider, context, credential,
                "A mapped secret was changed while the rotation ran; nothing was activated.", cancellationToken);
        }

        var updated = activation.Value.Rotation;
        logger.LogInformation("Rotation {RotationId} job {JobId} activated slot {Slot}", rotation.Id, job.Id, updated.ActiveIndex);
        await audit.RecordAsync("rotation-engine", "secret-rotation.rotated", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId,
            new { jobId = job.Id, job.Trigger, activeIndex = updated.ActiveIndex, credentialId = credential.CredentialId }, cancellationToken);
        return updated;
    }

    /// <summary>Null on success, else the failure message.</summary>
    private async Task<string?> RevokeInactiveAsync(SecretRotation rotation, int targetSlot, IRotationProvider provider, ProviderContext context, JobJournal journal, CancellationToken cancellationToken)
    {
        var inactive = (await store.ListSlotsAsync(rotation.Id, cancellationToken)).FirstOrDefault(s => s.Index == targetSlot);
        if (inactive is null)
        {
            return null;
        }

        await journal.IntentAsync(JournalSteps.RevokeInactive, new { credentialId = inactive.CredentialId, slot = targetSlot }, cancellationToken);
        var revoked = await provider.RevokeAsync(new RevokeRequest(context, inactive.CredentialId), cancellationToken);
        if (!revoked.IsSuccess)
        {
            return $"Revoking the inactive credential {inactive.CredentialId} failed: {revoked.Error.Message}";
        }

        await journal.ResultAsync(JournalSteps.RevokeInactive, new { credentialId = inactive.CredentialId, slot = targetSlot }, cancellationToken);
        await store.DeleteSlotAsync(rotation.Id, targetSlot, cancellationToken);
        return null;
    }

    private async Task<ProviderResult<bool>> VerifyWithinWindowAsync(IRotationProvider provider, VerifyRequest request, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + options.VerifyTimeout;
        var delay = options.VerifyInitialDelay;
        while (true)
        {
            var result = await provider.VerifyAsync(request, cancellationToken);
            if (result.IsSuccess || !result.Error.Transient || timeProvider.GetUtcNow() + delay > deadline)
            {
                return result;
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(options.VerifyMaxDelay.Ticks, (long)(delay.Ticks * 1.5)));
        }
    }

    private async Task<Result<RotationActivation>> BuildActivationAsync(SecretRotation rotation, RotationJob job, JobJournal journal, IssuedCredential credential, CancellationToken cancellationToken)
    {
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
            UpdatedAt = now,
        };
        updated = updated with { NextRotationAt = RotationSchedule.NextRotationAt(updated) };
        var entry = journal.Entry(JournalSteps.Activate, JournalSteps.Result, new { slot = job.TargetSlot, credentialId = credential.CredentialId, secrets = writes.Select(w => new { w.Key, w.Version }) });
        return new RotationActivation(new RotationSlot(rotation.Id, job.TargetSlot, credential.CredentialId, sealedCredential, job.Id, now), updated, writes, entry, job.Id, now,
            $"Activated credential {credential.CredentialId} in slot {job.TargetSlot}.");
    }

    /// <summary>Revokes a credential that was issued but will not be activated, then fails the job.</summary>
    private async Task<Result<SecretRotation>> RollBackAsync(
        SecretRotation rotation, RotationJob job, JobJournal journal, IRotationProvider provider, ProviderContext context, IssuedCredential credential, string message, CancellationToken cancellationToken)
    {
        await journal.IntentAsync(JournalSteps.Rollback, new { credentialId = credential.CredentialId }, cancellationToken);
        var revoked = await provider.RevokeAsync(new RevokeRequest(context, credential.CredentialId), cancellationToken);
        if (revoked.IsSuccess)
        {
            await journal.ResultAsync(JournalSteps.Rollback, new { credentialId = credential.CredentialId }, cancellationToken);
        }
        else
        {
            message += $" Revoking the unused credential {credential.CredentialId} also failed: {revoked.Error.Message}";
        }

        return await FailAsync(rotation, job, journal, message, cancellationToken);
    }

    private async Task<Result<SecretRotation>> FailAsync(SecretRotation rotation, RotationJob job, JobJournal journal, string message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var failed = rotation with
        {
            RotationStatus = RotationStatuses.Failed,
            LastRotationMessage = message,
            LastRotationAttemptedAt = now,
            LastRotationJobId = job.Id,
            UpdatedAt = now,
        };
        failed = failed with { NextRotationAt = RotationSchedule.NextRotationAt(failed) };
        await store.FailJobAsync(new RotationFailure(failed, journal.Entry(JournalSteps.Fail, JournalSteps.Result, new { message }), job.Id, now, message), cancellationToken);
        logger.LogWarning("Rotation {RotationId} job {JobId} failed: {Message}", rotation.Id, job.Id, message);
        await audit.RecordAsync("rotation-engine", "secret-rotation.failed", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId,
            new { jobId = job.Id, job.Trigger, message }, cancellationToken);
        return failed;
    }

    private DateTimeOffset ExpiryFor(SecretRotation rotation) =>
        timeProvider.GetUtcNow() + TimeSpan.FromDays(2 * rotation.RotationInterval) + options.ExpiryGrace;
}
