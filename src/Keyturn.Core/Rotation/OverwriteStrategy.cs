using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Rotation;

/// <summary>
/// What fixed-slot and in-place share: the slot's credential is overwritten, never added, so there is nothing to
/// revoke and nothing to find by label. The engine-generated value is sealed into the set intent before the provider
/// sees it; recovery re-applies that value, or verifies it where the change can no longer be re-applied, and never
/// invents a second one. Mapped secrets change only when the new value verifies. A create of a type that adopts the
/// current value (<see cref="ProviderDescriptor.AdoptsCurrentOnCreate"/>) has an adopt step instead of set: it only
/// reads the slot back, so it changes nothing at the target and recovery just reads again.
/// </summary>
internal abstract class OverwriteStrategy(AttemptSteps steps) : IRotationStrategy
{
    protected AttemptSteps Steps => steps;

    public abstract int TargetSlot(SecretRotation rotation, RotationPlan plan, string trigger);

    public async Task<Result<SecretRotation>> RunAsync(RotationAttempt attempt, CancellationToken cancellationToken)
    {
        if (Adopts(attempt))
        {
            await steps.StartAsync(attempt, [attempt.Journal.Entry(JournalSteps.Adopt, JournalSteps.Intent, new { slot = attempt.Job.TargetSlot })], cancellationToken);
            return await ReadBackAsync(attempt, JournalSteps.Adopt, "Reading the current credential to adopt failed:", failpoints: true, cancellationToken);
        }

        var secret = attempt.Parameters.Policy?.Generate();
        var data = new { slot = attempt.Job.TargetSlot };
        var intent = secret is null
            ? attempt.Journal.Entry(JournalSteps.Set, JournalSteps.Intent, data)
            : await attempt.Journal.WithSecretAsync(JournalSteps.Set, JournalSteps.Intent, data, secret, cancellationToken);
        await steps.StartAsync(attempt, [intent], cancellationToken);
        var set = await SetAsync(attempt, secret, cancellationToken);
        return set.IsSuccess
            ? await VerifyAndActivateAsync(attempt, set.Value, cancellationToken)
            : await steps.FailAsync(attempt, SetFailed(attempt, set.Error), cancellationToken);
    }

    public async Task<Result<SecretRotation>> ResumeAsync(RotationAttempt attempt, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.LastOrDefault(e => e is { Step: JournalSteps.Set or JournalSteps.Adopt, Phase: JournalSteps.Result, SealedSecret: not null }) is { } done)
        {
            if (done.Step == JournalSteps.Set)
            {
                MarkTargetChanged(attempt);
            }

            var credential = await steps.OpenJournalCredentialAsync(attempt, done, cancellationToken);
            await steps.AppendAsync([VerifyIntent(attempt, credential)], cancellationToken);
            return await VerifyAndActivateAsync(attempt, credential, cancellationToken);
        }

        if (entries.Any(e => e is { Step: JournalSteps.Adopt, Phase: JournalSteps.Intent }))
        {
            // Adopting only reads: whether or not the read happened, reading again gives the value the slot holds.
            return await ReadBackAsync(attempt, JournalSteps.Adopt, "Interrupted while adopting the current credential, and reading it again failed:", failpoints: false, cancellationToken);
        }

        if (entries.FirstOrDefault(e => e is { Step: JournalSteps.Set, Phase: JournalSteps.Intent }) is not { } intent)
        {
            return await steps.FailAsync(attempt, "Interrupted before the credential was changed; nothing changed for consumers.", cancellationToken);
        }

        MarkTargetChanged(attempt);
        return intent.SealedSecret is null
            ? await ResumeTargetGeneratedAsync(attempt, cancellationToken)
            : await ResumeEngineGeneratedAsync(attempt, await attempt.Journal.OpenAsync(intent, cancellationToken), cancellationToken);
    }

    /// <summary>Calls the provider to set (or regenerate) the slot; on success the credential is journaled before anything else.</summary>
    private async Task<ProviderResult<IssuedCredential>> SetAsync(RotationAttempt attempt, string? secret, CancellationToken cancellationToken)
    {
        var active = await ActiveAsync(attempt, cancellationToken);
        var request = attempt.IssueRequest(null) with { GeneratedSecret = secret, Active = active };
        var set = await steps.CallAsync(attempt, JournalSteps.Set, () => attempt.Provider.IssueAsync(request, cancellationToken), cancellationToken);
        if (set.IsSuccess || set.Error.Transient)
        {
            // A refused change left the target as it was; an answer lost on the way may not have.
            MarkTargetChanged(attempt);
        }

        if (set.IsSuccess)
        {
            var result = await attempt.Journal.WithSecretAsync(JournalSteps.Set, JournalSteps.Result, new { credentialId = set.Value.CredentialId },
                StoredCredential.Serialize(set.Value), cancellationToken);
            await steps.AppendAsync([result, VerifyIntent(attempt, set.Value)], cancellationToken);
        }

        return set;
    }

    /// <summary>
    /// The credential the target holds now, for targets where it authorises the change: the active slot's, unless the
    /// last attempt failed after the target may have taken its journaled value and that value verifies; then that one,
    /// so a failed single-phase attempt never leaves the rotation unable to rotate again.
    /// </summary>
    private async Task<IssuedCredential?> ActiveAsync(RotationAttempt attempt, CancellationToken cancellationToken)
    {
        var rotation = attempt.Rotation;
        if (rotation.RotationStatus == RotationStatuses.Pending)
        {
            return null;
        }

        var active = await steps.OpenSlotAsync(rotation, rotation.ActiveIndex, cancellationToken);
        if (attempt.IsDualPhase || attempt.Parameters.Policy is null || rotation is not { RotationStatus: RotationStatuses.Failed, LastRotationJobId: { } lastJob })
        {
            return active;
        }

        var journal = await steps.Store.GetJournalAsync(lastJob, cancellationToken);
        if (journal.LastOrDefault(e => e is { Step: JournalSteps.Set, Phase: JournalSteps.Intent, SealedSecret: not null }) is not { } intent)
        {
            return active;
        }

        var candidate = attempt.Provider.CredentialFor(attempt.Context, attempt.Job.TargetSlot, await steps.OpenJournalSecretAsync(rotation.ProjectId, intent, cancellationToken));
        var verified = await attempt.Provider.VerifyAsync(new VerifyRequest(attempt.Context, candidate), cancellationToken);
        return verified is { IsSuccess: true, Value: Verification.Proven } ? candidate : active;
    }

    private Task<Result<SecretRotation>> VerifyAndActivateAsync(RotationAttempt attempt, IssuedCredential credential, CancellationToken cancellationToken) =>
        steps.VerifyAndActivateAsync(attempt, credential,
            (message, pending) => steps.FailAsync(attempt, $"{message} {NotActivated(attempt)}", cancellationToken, pending), cancellationToken);

    // Re-apply the journaled value: setting the same value twice is harmless. Where the old value authorised the
    // change and the first call went through, re-applying is refused; then the journaled value is what the target holds.
    private async Task<Result<SecretRotation>> ResumeEngineGeneratedAsync(RotationAttempt attempt, string secret, CancellationToken cancellationToken)
    {
        await steps.AppendAsync([attempt.Journal.Entry(JournalSteps.Set, JournalSteps.Intent, new { slot = attempt.Job.TargetSlot, reapply = true })], cancellationToken);
        var set = await SetAsync(attempt, secret, cancellationToken);
        if (set.IsSuccess)
        {
            return await VerifyAndActivateAsync(attempt, set.Value, cancellationToken);
        }

        var candidate = attempt.Provider.CredentialFor(attempt.Context, attempt.Job.TargetSlot, secret);
        var verified = await steps.VerifyAsync(attempt, candidate, cancellationToken);
        if (verified is { IsSuccess: true, Value: Verification.Proven })
        {
            var result = await attempt.Journal.WithSecretAsync(JournalSteps.Set, JournalSteps.Result, new { credentialId = candidate.CredentialId, reappliedRefused = true },
                StoredCredential.Serialize(candidate), cancellationToken);
            await steps.AppendAsync([result, VerifyIntent(attempt, candidate)], cancellationToken);
            return await VerifyAndActivateAsync(attempt, candidate, cancellationToken);
        }

        return await steps.FailAsync(attempt, $"Interrupted while setting the new credential, and re-applying it failed: {set.Error.Message} {NotActivated(attempt)}", cancellationToken);
    }

    // The target made the value: read back what the slot holds now (regenerated or not, it is the slot's only value).
    private Task<Result<SecretRotation>> ResumeTargetGeneratedAsync(RotationAttempt attempt, CancellationToken cancellationToken) =>
        ReadBackAsync(attempt, JournalSteps.Set, "Interrupted while regenerating, and reading the slot back failed:", failpoints: false, cancellationToken);

    /// <summary>
    /// Reads the slot's current value and journals it as the step's result before verifying it. Failpoints apply to a
    /// first attempt's read only: recovery reads again, which is harmless.
    /// </summary>
    private async Task<Result<SecretRotation>> ReadBackAsync(RotationAttempt attempt, string step, string failure, bool failpoints, CancellationToken cancellationToken)
    {
        Task<ProviderResult<IssuedCredential>> Read() => attempt.Provider.ReadSlotAsync(new ReadSlotRequest(attempt.Context, attempt.Job.TargetSlot), cancellationToken);
        var read = failpoints ? await steps.CallAsync(attempt, step, Read, cancellationToken) : await Read();
        if (!read.IsSuccess)
        {
            return await steps.FailAsync(attempt, $"{failure} {read.Error.Message} {NotActivated(attempt)}", cancellationToken);
        }

        var result = await attempt.Journal.WithSecretAsync(step, JournalSteps.Result, new { credentialId = read.Value.CredentialId, readBack = true },
            StoredCredential.Serialize(read.Value), cancellationToken);
        await steps.AppendAsync([result, VerifyIntent(attempt, read.Value)], cancellationToken);
        return await VerifyAndActivateAsync(attempt, read.Value, cancellationToken);
    }

    /// <summary>A create of a type that adopts the slot's current value (target-generated, no engine secret) instead of regenerating it.</summary>
    private static bool Adopts(RotationAttempt attempt) =>
        attempt.Job.Trigger == JobTriggers.Create && attempt.Provider.Descriptor.AdoptsCurrentOnCreate && attempt.Parameters.Policy is null;

    private static void MarkTargetChanged(RotationAttempt attempt)
    {
        // A create overwrites a slot Keyturn held nothing for, dual-phase or not: once it may have changed, the new
        // value exists only in this job's journal, so a failed create must keep its rotation rather than delete it.
        if (!attempt.IsDualPhase || attempt.Job.Trigger == JobTriggers.Create)
        {
            attempt.TargetMayHoldNewValue = true;
        }
    }

    private static string SetFailed(RotationAttempt attempt, ProviderError error) =>
        $"Setting the new credential failed: {error.Message} " + (error.Transient ? NotActivated(attempt) : "The target refused the change, so the previous credential is unchanged.");

    /// <summary>The honest account of a failure after the target may have changed.</summary>
    private static string NotActivated(RotationAttempt attempt) => Adopts(attempt)
        ? "Nothing was changed at the target: a create adopts the current value and regenerates nothing."
        : attempt.IsDualPhase
        ? $"Slot {attempt.Job.TargetSlot} may hold a new value that no consumer uses; the active credential and the mapped secrets are unchanged."
        : $"The target may already hold the new value, so the previous credential may no longer work; the mapped secrets keep the previous value " +
          $"until a new value verifies, and the new value is kept sealed in the journal of job {attempt.Job.Id}.";

    private static JournalEntry VerifyIntent(RotationAttempt attempt, IssuedCredential credential) =>
        attempt.Journal.Entry(JournalSteps.Verify, JournalSteps.Intent, new { credentialId = credential.CredentialId });
}
