using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Recovery of an attempt that a crash left open, from its journal (DESIGN.md "Recovery at start-up"):
/// issued and journaled → continue at verify; issue intended but no result → find the credential by its label at
/// the provider and revoke it, then fail; revoke intended → repeat it (idempotent), then fail.
/// A create whose attempt cannot be finished leaves no rotation behind, as a failed create would.
/// </summary>
public sealed partial class RotationEngine
{
    public async Task<Result<SecretRotation>> RecoverAsync(RotationJob job, CancellationToken cancellationToken)
    {
        if (await ClaimAsync(job.RotationId, cancellationToken) is { } busy)
        {
            return busy;
        }

        Result<SecretRotation>? result = null;
        try
        {
            var rotation = await store.GetRotationAsync(job.RotationId, cancellationToken);
            if (rotation is null)
            {
                return Problem.NotFound("Secret rotation", job.RotationId);
            }

            logger.LogWarning("Recovering rotation {RotationId} job {JobId} left open by a stop", rotation.Id, job.Id);
            result = await ResumeAsync(rotation, job, cancellationToken);
            if (job.Trigger == JobTriggers.Create && result.Value.IsSuccess && result.Value.Value.RotationStatus != RotationStatuses.Success)
            {
                await store.DeleteRotationAsync(rotation.Id, deleteSecrets: true, CancellationToken.None);
            }

            return result.Value;
        }
        finally
        {
            await ReleaseAsync(job.RotationId, result);
        }
    }

    private async Task<Result<SecretRotation>> ResumeAsync(SecretRotation rotation, RotationJob job, CancellationToken cancellationToken)
    {
        var entries = await store.GetJournalAsync(job.Id, cancellationToken);
        var journal = new JobJournal(store, cipher, rotation.ProjectId, job.Id, timeProvider, entries.Count == 0 ? 1 : entries.Max(e => e.Sequence) + 1);
        var resolved = await ContextAsync(rotation, cancellationToken);
        if (resolved is not var (provider, context))
        {
            return await FailAsync(rotation, job, journal, "Interrupted, and the rotation's app connection or provider no longer exists.", cancellationToken);
        }

        var issued = entries.LastOrDefault(e => e is { Step: JournalSteps.Issue, Phase: JournalSteps.Result, SealedSecret: not null });
        if (issued is not null)
        {
            var credential = StoredCredential.Deserialize(await cipher.OpenAsync(rotation.ProjectId, issued.SealedSecret!, SealContext.Journal(job.Id, issued.Sequence), cancellationToken));
            if (entries.Any(e => e.Step == JournalSteps.Rollback))
            {
                return await RollBackAsync(rotation, job, journal, provider, context, credential, "Interrupted while rolling back; the unused credential was revoked.", [], cancellationToken);
            }

            await journal.AppendAsync([VerifyIntent(journal, credential)], null, cancellationToken);
            return await VerifyAndActivateAsync(rotation, job, journal, provider, context, credential, cancellationToken);
        }

        if (entries.Any(e => e is { Step: JournalSteps.Issue, Phase: JournalSteps.Intent }))
        {
            // The provider may have created a credential whose secret we never saw: find it by its label and revoke it.
            var orphans = await RevokeLabelledAsync(provider, context, Label(rotation.Id, job.Id), cancellationToken);
            return await FailAsync(rotation, job, journal, orphans ?? "Interrupted while issuing; any credential the provider created for this attempt was revoked.", cancellationToken);
        }

        var revokeIntent = entries.LastOrDefault(e => e is { Step: JournalSteps.RevokeInactive, Phase: JournalSteps.Intent });
        if (revokeIntent is not null && !entries.Any(e => e is { Step: JournalSteps.RevokeInactive, Phase: JournalSteps.Result }))
        {
            // Repeated with its own intent; no next step follows, the attempt ends as failed below.
            var failure = await InactiveSlotAsync(rotation, job.TargetSlot, cancellationToken) is { } inactive
                ? await RevokeInactiveAgainAsync(rotation, inactive, provider, context, journal, cancellationToken)
                : null;
            if (failure is not null)
            {
                return await FailAsync(rotation, job, journal, $"Interrupted; {failure}", cancellationToken);
            }
        }

        return await FailAsync(rotation, job, journal, "Interrupted before a new credential was issued; nothing changed for consumers.", cancellationToken);
    }

    private async Task<string?> RevokeInactiveAgainAsync(
        SecretRotation rotation, RotationSlot inactive, IRotationProvider provider, ProviderContext context, JobJournal journal, CancellationToken cancellationToken)
    {
        await journal.IntentAsync(JournalSteps.RevokeInactive, RevokeData(inactive), cancellationToken);
        return await RevokeInactiveAsync(rotation, inactive, provider, context, journal, next: null, cancellationToken);
    }

    /// <summary>Null when every credential carrying the label is gone, else what failed.</summary>
    private static async Task<string?> RevokeLabelledAsync(IRotationProvider provider, ProviderContext context, string label, CancellationToken cancellationToken)
    {
        var listed = await provider.ListManagedAsync(new ListManagedRequest(context, label), cancellationToken);
        if (!listed.IsSuccess)
        {
            return $"Interrupted while issuing, and listing credentials to clean up failed: {listed.Error.Message}";
        }

        var failures = new List<string>();
        foreach (var credential in listed.Value)
        {
            var revoked = await provider.RevokeAsync(new RevokeRequest(context, credential.CredentialId), cancellationToken);
            if (!revoked.IsSuccess)
            {
                failures.Add($"{credential.CredentialId}: {revoked.Error.Message}");
            }
        }

        return failures.Count == 0 ? null : $"Interrupted while issuing, and revoking its credentials failed: {string.Join("; ", failures)}";
    }
}
