using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Rotation;

/// <summary>The attempt's end (DESIGN.md steps 4 and 5): verify the issued credential, then activate it in one transaction.</summary>
public sealed partial class RotationEngine
{
    /// <summary>Verifies and activates an issued credential; the verify intent is already durable.</summary>
    private async Task<Result<SecretRotation>> VerifyAndActivateAsync(
        SecretRotation rotation, RotationJob job, JobJournal journal, IRotationProvider provider, ProviderContext context, IssuedCredential credential, CancellationToken cancellationToken)
    {
        var verified = await VerifyWithinWindowAsync(provider, new VerifyRequest(context, credential), cancellationToken);
        if (!verified.IsSuccess)
        {
            return await RollBackAsync(rotation, job, journal, provider, context, credential,
                $"The new credential was not accepted within {options.VerifyTimeout.TotalSeconds:0} s: {verified.Error.Message}", [], cancellationToken);
        }

        // Committed with the activation, or with the rollback intent when activation cannot happen.
        var verifiedEntry = journal.Entry(JournalSteps.Verify, JournalSteps.Result, new { credentialId = credential.CredentialId });
        var activation = await BuildActivationAsync(rotation, job, journal, credential, verifiedEntry, cancellationToken);
        if (!activation.IsSuccess)
        {
            return await RollBackAsync(rotation, job, journal, provider, context, credential, activation.Problem.Detail ?? activation.Problem.Title, [verifiedEntry], cancellationToken);
        }

        try
        {
            await store.CompleteActivationAsync(activation.Value, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return await RollBackAsync(rotation, job, journal, provider, context, credential,
                "A mapped secret was changed while the rotation ran; nothing was activated.", [verifiedEntry], cancellationToken);
        }

        var updated = activation.Value.Rotation;
        logger.LogInformation("Rotation {RotationId} job {JobId} activated slot {Slot}", rotation.Id, job.Id, updated.ActiveIndex);
        return updated;
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

    /// <summary>
    /// The activation with everything that belongs in its transaction: the verify result, the activate result, the
    /// "rotated" audit entry and the lease release (RotateAsync then skips its own release).
    /// </summary>
    private async Task<Result<RotationActivation>> BuildActivationAsync(
        SecretRotation rotation, RotationJob job, JobJournal journal, IssuedCredential credential, JournalEntry verifiedEntry, CancellationToken cancellationToken)
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
            FailedAttempts = 0,
            UpdatedAt = now,
        };
        updated = updated with { NextRotationAt = RotationSchedule.NextRotationAt(updated) };
        var activated = journal.Entry(JournalSteps.Activate, JournalSteps.Result, new { slot = job.TargetSlot, credentialId = credential.CredentialId, secrets = writes.Select(w => new { w.Key, w.Version }) });
        var rotated = audit.Entry("rotation-engine", "secret-rotation.rotated", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId,
            new { jobId = job.Id, job.Trigger, activeIndex = updated.ActiveIndex, credentialId = credential.CredentialId });
        return new RotationActivation(new RotationSlot(rotation.Id, job.TargetSlot, credential.CredentialId, sealedCredential, job.Id, now), updated, writes,
            [verifiedEntry, activated], job.Id, now, $"Activated credential {credential.CredentialId} in slot {job.TargetSlot}.")
        {
            Audit = [rotated],
            ReleaseLeaseOwner = options.NodeId,
        };
    }
}
