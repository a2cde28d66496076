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

        Result<SecretRotation>? result = null;
        try
        {
            var rotation = await store.GetRotationAsync(rotationId, cancellationToken);
            if (rotation is null)
            {
                return Problem.NotFound("Secret rotation", rotationId);
            }

            result = await RunAttemptAsync(rotation, trigger, cancellationToken);
            return result.Value;
        }
        finally
        {
            await ReleaseAsync(rotationId, result);
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

    /// <summary>Ends the claim; <paramref name="result"/> is the attempt's outcome, null when it threw.</summary>
    private async Task ReleaseAsync(Guid rotationId, Result<SecretRotation>? result)
    {
        // A successful attempt ends only in a committed activation, which released the lease in its own transaction
        // (saving a durable write); every other ending releases it here, even when the caller gave up: the attempt is
        // over either way. A second release would be harmless, only a wasted write.
        if (result is not { IsSuccess: true, Value.RotationStatus: RotationStatuses.Success })
        {
            await store.ReleaseLeaseAsync(rotationId, options.NodeId, CancellationToken.None);
        }

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

    // Each durable write carries a step's result together with the next step's intent: the intent is still durable
    // before the provider call it announces, and the issued credential before anything else happens (DESIGN.md).
    private async Task<Result<SecretRotation>> RunAttemptAsync(SecretRotation rotation, string trigger, CancellationToken cancellationToken)
    {
        var resolved = await ContextAsync(rotation, cancellationToken);
        var targetSlot = trigger == JobTriggers.Create || resolved is { Provider.SlotCount: 1 } ? 0 : 1 - rotation.ActiveIndex;
        var job = new RotationJob(Guid.NewGuid(), rotation.Id, trigger, JobStatuses.Running, targetSlot, timeProvider.GetUtcNow(), null, null);
        var journal = new JobJournal(store, cipher, rotation.ProjectId, job.Id, timeProvider);
        if (resolved is not var (provider, context))
        {
            await StartJobAsync(rotation, job, [], cancellationToken);
            return await FailAsync(rotation, job, journal, "The rotation's app connection or provider no longer exists.", cancellationToken);
        }

        // The first side effect is revoking the slot's old credential, or issuing when the slot is empty.
        var label = Label(rotation.Id, job.Id);
        var inactive = await InactiveSlotAsync(rotation, targetSlot, cancellationToken);
        var first = inactive is null ? IssueIntent(journal, label) : journal.Entry(JournalSteps.RevokeInactive, JournalSteps.Intent, RevokeData(inactive));
        await StartJobAsync(rotation, job, [first], cancellationToken);
        if (inactive is not null)
        {
            var revoked = await RevokeInactiveAsync(rotation, inactive, provider, context, journal, () => IssueIntent(journal, label), cancellationToken);
            if (revoked is not null)
            {
                return await FailAsync(rotation, job, journal, revoked, cancellationToken);
            }
        }

        var issued = await provider.IssueAsync(new IssueRequest(context, job.Id, label, ExpiryFor(rotation)), cancellationToken);
        if (!issued.IsSuccess)
        {
            return await FailAsync(rotation, job, journal, $"Issuing a new credential failed: {issued.Error.Message}", cancellationToken);
        }

        // Written before anything else happens: a crash after this point loses no credential.
        var credential = issued.Value;
        var result = await journal.ResultWithSecretAsync(JournalSteps.Issue, new { credentialId = credential.CredentialId }, StoredCredential.Serialize(credential), cancellationToken);
        await journal.AppendAsync([result, VerifyIntent(journal, credential)], null, cancellationToken);
        return await VerifyAndActivateAsync(rotation, job, journal, provider, context, credential, cancellationToken);
    }

    private async Task StartJobAsync(SecretRotation rotation, RotationJob job, IReadOnlyList<JournalEntry> firstEntries, CancellationToken cancellationToken)
    {
        await store.StartJobAsync(job, firstEntries, cancellationToken);
        logger.LogInformation("Rotation {RotationId} job {JobId} started ({Trigger}) for slot {Slot}", rotation.Id, job.Id, job.Trigger, job.TargetSlot);
    }

    private static JournalEntry IssueIntent(JobJournal journal, string label) => journal.Entry(JournalSteps.Issue, JournalSteps.Intent, new { label });

    private static JournalEntry VerifyIntent(JobJournal journal, IssuedCredential credential) =>
        journal.Entry(JournalSteps.Verify, JournalSteps.Intent, new { credentialId = credential.CredentialId });

    private static object RevokeData(RotationSlot inactive) => new { credentialId = inactive.CredentialId, slot = inactive.Index };

    private async Task<RotationSlot?> InactiveSlotAsync(SecretRotation rotation, int targetSlot, CancellationToken cancellationToken) =>
        (await store.ListSlotsAsync(rotation.Id, cancellationToken)).FirstOrDefault(s => s.Index == targetSlot);

    /// <summary>
    /// Revokes the slot's credential (its intent already durable); on success commits the result, the emptied slot and
    /// <paramref name="next"/>'s entry in one transaction. Null on success, else the failure message.
    /// </summary>
    private async Task<string?> RevokeInactiveAsync(
        SecretRotation rotation, RotationSlot inactive, IRotationProvider provider, ProviderContext context, JobJournal journal, Func<JournalEntry>? next, CancellationToken cancellationToken)
    {
        var revoked = await provider.RevokeAsync(new RevokeRequest(context, inactive.CredentialId), cancellationToken);
        if (!revoked.IsSuccess)
        {
            return $"Revoking the inactive credential {inactive.CredentialId} failed: {revoked.Error.Message}";
        }

        // The result is numbered before the next intent, so the journal keeps the order the steps happened in.
        var result = journal.Entry(JournalSteps.RevokeInactive, JournalSteps.Result, RevokeData(inactive));
        await journal.AppendAsync(next is null ? [result] : [result, next()], new SlotRef(rotation.Id, inactive.Index), cancellationToken);
        return null;
    }

    /// <summary>
    /// Revokes a credential that was issued but will not be activated, then fails the job. <paramref name="pending"/>
    /// (a verify result not yet written) commits with the rollback intent.
    /// </summary>
    private async Task<Result<SecretRotation>> RollBackAsync(
        SecretRotation rotation, RotationJob job, JobJournal journal, IRotationProvider provider, ProviderContext context, IssuedCredential credential, string message,
        IReadOnlyList<JournalEntry> pending, CancellationToken cancellationToken)
    {
        await journal.AppendAsync([.. pending, journal.Entry(JournalSteps.Rollback, JournalSteps.Intent, new { credentialId = credential.CredentialId })], null, cancellationToken);
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
        failed = RotationSchedule.AfterFailure(failed, job.Trigger, options, now);
        await store.FailJobAsync(new RotationFailure(failed, journal.Entry(JournalSteps.Fail, JournalSteps.Result, new { message }), job.Id, now, message), cancellationToken);
        logger.LogWarning("Rotation {RotationId} job {JobId} failed: {Message}", rotation.Id, job.Id, message);
        await audit.RecordAsync("rotation-engine", "secret-rotation.failed", "secret-rotation", rotation.Id.ToString(), rotation.ProjectId,
            new { jobId = job.Id, job.Trigger, message }, cancellationToken);
        return failed;
    }

    private DateTimeOffset ExpiryFor(SecretRotation rotation) =>
        timeProvider.GetUtcNow() + 2 * RotationSchedule.Period(rotation) + options.ExpiryGrace;
}
