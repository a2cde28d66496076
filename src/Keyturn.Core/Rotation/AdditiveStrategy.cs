using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Additive shape (Azure client secrets): revoke the inactive slot's credential, issue a new one next to the active
/// one (its secret sealed into the issue result before anything else), verify, activate. A credential issued but not
/// activated is revoked; one whose secret a crash lost is found at the target by its label and revoked.
/// </summary>
internal sealed class AdditiveStrategy(AttemptSteps steps, RotationOptions options) : IRotationStrategy
{
    public int TargetSlot(SecretRotation rotation, RotationPlan plan, string trigger) =>
        trigger == JobTriggers.Create || plan.SlotCount == 1 ? 0 : 1 - rotation.ActiveIndex;

    public async Task<Result<SecretRotation>> RunAsync(RotationAttempt attempt, CancellationToken cancellationToken)
    {
        // The first side effect is revoking the slot's old credential, or issuing when the slot is empty.
        var inactive = await InactiveSlotAsync(attempt, cancellationToken);
        await steps.StartAsync(attempt, [inactive is null ? IssueIntent(attempt) : RevokeIntent(attempt, inactive, JournalSteps.Intent)], cancellationToken);
        if (inactive is not null && await RevokeInactiveAsync(attempt, inactive, () => IssueIntent(attempt), cancellationToken) is { } failed)
        {
            return await steps.FailAsync(attempt, failed, cancellationToken);
        }

        return await IssueAndActivateAsync(attempt, cancellationToken);
    }

    public async Task<Result<SecretRotation>> ResumeAsync(RotationAttempt attempt, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        var issued = entries.LastOrDefault(e => e is { Step: JournalSteps.Issue, Phase: JournalSteps.Result, SealedSecret: not null });
        if (issued is not null)
        {
            var credential = await steps.OpenJournalCredentialAsync(attempt, issued, cancellationToken);
            if (entries.Any(e => e.Step == JournalSteps.Rollback))
            {
                return await RollBackAsync(attempt, credential, "Interrupted while rolling back; the unused credential was revoked.", [], cancellationToken);
            }

            await steps.AppendAsync([VerifyIntent(attempt, credential)], cancellationToken);
            return await steps.VerifyAndActivateAsync(attempt, credential, (message, pending) => RollBackAsync(attempt, credential, message, pending, cancellationToken), cancellationToken);
        }

        if (entries.Any(e => e is { Step: JournalSteps.Issue, Phase: JournalSteps.Intent }))
        {
            // The provider may have created a credential whose secret we never saw: find it by its label and revoke it.
            var orphans = await RevokeLabelledAsync(attempt, cancellationToken);
            return await steps.FailAsync(attempt, orphans ?? "Interrupted while issuing; any credential the provider created for this attempt was revoked.", cancellationToken);
        }

        if (entries.Any(e => e is { Step: JournalSteps.RevokeInactive, Phase: JournalSteps.Intent }) &&
            !entries.Any(e => e is { Step: JournalSteps.RevokeInactive, Phase: JournalSteps.Result }) &&
            await InactiveSlotAsync(attempt, cancellationToken) is { } inactive)
        {
            // Repeated with its own intent (revoking is idempotent); no next step follows, the attempt ends as failed.
            await steps.AppendAsync([RevokeIntent(attempt, inactive, JournalSteps.Intent)], cancellationToken);
            if (await RevokeInactiveAsync(attempt, inactive, next: null, cancellationToken) is { } failure)
            {
                return await steps.FailAsync(attempt, $"Interrupted; {failure}", cancellationToken);
            }
        }

        return await steps.FailAsync(attempt, "Interrupted before a new credential was issued; nothing changed for consumers.", cancellationToken);
    }

    private async Task<Result<SecretRotation>> IssueAndActivateAsync(RotationAttempt attempt, CancellationToken cancellationToken)
    {
        var expiresAt = steps.Time.GetUtcNow() + 2 * RotationSchedule.Period(attempt.Rotation) + options.ExpiryGrace;
        var issued = await steps.CallAsync(attempt, JournalSteps.Issue, () => attempt.Provider.IssueAsync(attempt.IssueRequest(expiresAt), cancellationToken), cancellationToken);
        if (!issued.IsSuccess)
        {
            return await steps.FailAsync(attempt, $"Issuing a new credential failed: {issued.Error.Message}", cancellationToken);
        }

        // Written before anything else happens: a crash after this point loses no credential.
        var credential = issued.Value;
        var result = await attempt.Journal.WithSecretAsync(JournalSteps.Issue, JournalSteps.Result, new { credentialId = credential.CredentialId },
            StoredCredential.Serialize(credential), cancellationToken);
        await steps.AppendAsync([result, VerifyIntent(attempt, credential)], cancellationToken);
        return await steps.VerifyAndActivateAsync(attempt, credential, (message, pending) => RollBackAsync(attempt, credential, message, pending, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Revokes the slot's credential (its intent already durable); on success commits the result, the emptied slot and
    /// <paramref name="next"/>'s entry in one transaction. Null on success, else the failure message.
    /// </summary>
    private async Task<string?> RevokeInactiveAsync(RotationAttempt attempt, RotationSlot inactive, Func<JournalEntry>? next, CancellationToken cancellationToken)
    {
        var revoked = await steps.CallAsync(attempt, JournalSteps.RevokeInactive,
            () => attempt.Provider.RevokeAsync(new RevokeRequest(attempt.Context, inactive.CredentialId), cancellationToken), cancellationToken);
        if (!revoked.IsSuccess)
        {
            return $"Revoking the inactive credential {inactive.CredentialId} failed: {revoked.Error.Message}";
        }

        // The result is numbered before the next intent, so the journal keeps the order the steps happened in.
        var result = RevokeIntent(attempt, inactive, JournalSteps.Result);
        await steps.AppendAsync(next is null ? [result] : [result, next()], cancellationToken, new SlotRef(attempt.Rotation.Id, inactive.Index));
        return null;
    }

    /// <summary>
    /// Revokes a credential that was issued but will not be activated, then fails the job. <paramref name="pending"/>
    /// (a verify result not yet written) commits with the rollback intent.
    /// </summary>
    private async Task<Result<SecretRotation>> RollBackAsync(
        RotationAttempt attempt, IssuedCredential credential, string message, IReadOnlyList<JournalEntry> pending, CancellationToken cancellationToken)
    {
        await steps.AppendAsync([.. pending, attempt.Journal.Entry(JournalSteps.Rollback, JournalSteps.Intent, new { credentialId = credential.CredentialId })], cancellationToken);
        var revoked = await steps.CallAsync(attempt, JournalSteps.Rollback,
            () => attempt.Provider.RevokeAsync(new RevokeRequest(attempt.Context, credential.CredentialId), cancellationToken), cancellationToken);
        if (revoked.IsSuccess)
        {
            await steps.AppendAsync([attempt.Journal.Entry(JournalSteps.Rollback, JournalSteps.Result, new { credentialId = credential.CredentialId })], cancellationToken);
        }
        else
        {
            message += $" Revoking the unused credential {credential.CredentialId} also failed: {revoked.Error.Message}";
        }

        return await steps.FailAsync(attempt, message, cancellationToken);
    }

    /// <summary>Null when every credential carrying the attempt's label is gone, else what failed.</summary>
    private static async Task<string?> RevokeLabelledAsync(RotationAttempt attempt, CancellationToken cancellationToken)
    {
        var listed = await attempt.Provider.ListManagedAsync(new ListManagedRequest(attempt.Context, attempt.Label), cancellationToken);
        if (!listed.IsSuccess)
        {
            return $"Interrupted while issuing, and listing credentials to clean up failed: {listed.Error.Message}";
        }

        var failures = new List<string>();
        foreach (var credential in listed.Value)
        {
            var revoked = await attempt.Provider.RevokeAsync(new RevokeRequest(attempt.Context, credential.CredentialId), cancellationToken);
            if (!revoked.IsSuccess)
            {
                failures.Add($"{credential.CredentialId}: {revoked.Error.Message}");
            }
        }

        return failures.Count == 0 ? null : $"Interrupted while issuing, and revoking its credentials failed: {string.Join("; ", failures)}";
    }

    private async Task<RotationSlot?> InactiveSlotAsync(RotationAttempt attempt, CancellationToken cancellationToken) =>
        (await steps.Store.ListSlotsAsync(attempt.Rotation.Id, cancellationToken)).FirstOrDefault(s => s.Index == attempt.Job.TargetSlot);

    private static JournalEntry IssueIntent(RotationAttempt attempt) => attempt.Journal.Entry(JournalSteps.Issue, JournalSteps.Intent, new { label = attempt.Label });

    private static JournalEntry VerifyIntent(RotationAttempt attempt, IssuedCredential credential) =>
        attempt.Journal.Entry(JournalSteps.Verify, JournalSteps.Intent, new { credentialId = credential.CredentialId });

    private static JournalEntry RevokeIntent(RotationAttempt attempt, RotationSlot inactive, string phase) =>
        attempt.Journal.Entry(JournalSteps.RevokeInactive, phase, new { credentialId = inactive.CredentialId, slot = inactive.Index });
}
