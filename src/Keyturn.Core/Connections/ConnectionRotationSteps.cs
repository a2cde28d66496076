using System.Text.Json;
using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Connections;

/// <summary>
/// The journaled steps of a connection's self-rotation, the additive shape applied to the connection itself: revoke the
/// previous credential, issue a new one (its secret sealed into the issue result before anything else), verify it,
/// activate it in one transaction. Recovery of a job a stop left open is in ConnectionRotationSteps.Recovery.cs; the
/// in-place shape (a connection with one password) in ConnectionRotationSteps.InPlace.cs.
/// </summary>
internal sealed partial class ConnectionRotationSteps(
    IKeyturnStore store, EnvelopeCipher cipher, AuditLog audit, RotationOptions options, TimeProvider timeProvider, ILogger logger, ConnectionThrottle? throttle = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public EnvelopeCipher Cipher => cipher;

    public async Task<AppConnection> RunAsync(ConnectionAttempt attempt, CancellationToken cancellationToken)
    {
        if (attempt.IsInPlace)
        {
            return await RunInPlaceAsync(attempt, cancellationToken);
        }

        var previous = attempt.Connection.CredentialRotation.PreviousCredentialId;
        await store.StartConnectionJobAsync(attempt.Job, [previous is null ? IssueIntent(attempt) : RevokeEntry(attempt, previous, JournalSteps.Intent)], cancellationToken);
        logger.LogInformation("Connection {ConnectionId} job {JobId}: self-rotation started ({Trigger})", attempt.Connection.Id, attempt.Job.Id, attempt.Job.Trigger);
        if (previous is not null)
        {
            var revoked = await CallAsync(ConnectionSteps.RevokeFailpoint, () => attempt.Dual.RevokeCredentialAsync(attempt.Secret, previous, cancellationToken), cancellationToken);
            if (!revoked.IsSuccess)
            {
                return await FailAsync(attempt, $"Revoking the previous credential {previous} failed: {revoked.Error.Message}", cancellationToken, revoked.Error);
            }

            await attempt.Journal.AppendAsync([RevokeEntry(attempt, previous, JournalSteps.Result), IssueIntent(attempt)], cancellationToken);
        }

        var interval = attempt.Connection.CredentialRotation.Settings;
        DateTimeOffset? expiresAt = interval.IsAutoRotationEnabled ? timeProvider.GetUtcNow() + TimeSpan.FromDays(2 * interval.RotationInterval) + options.ExpiryGrace : null;
        var issued = await CallAsync(ConnectionSteps.IssueFailpoint, () => attempt.Dual.IssueCredentialAsync(attempt.Secret, attempt.Label, expiresAt, cancellationToken), cancellationToken);
        if (!issued.IsSuccess)
        {
            return await FailAsync(attempt, $"Issuing a new credential failed: {issued.Error.Message}", cancellationToken, issued.Error);
        }

        // Written before anything else happens: a crash after this point loses no credential.
        var credential = issued.Value;
        var result = await attempt.Journal.WithSecretAsync(ConnectionSteps.Issue, JournalSteps.Result, new { credentialId = credential.CredentialId },
            JsonSerializer.Serialize(credential, JsonOptions), cancellationToken);
        await attempt.Journal.AppendAsync([result, VerifyIntent(attempt, credential)], cancellationToken);
        return await VerifyAndActivateAsync(attempt, credential, cancellationToken);
    }

    private async Task<AppConnection> VerifyAndActivateAsync(ConnectionAttempt attempt, IssuedConnectionCredential credential, CancellationToken cancellationToken)
    {
        var verified = await CallAsync(ConnectionSteps.VerifyFailpoint, () => VerifyWithinWindowAsync(attempt, credential, cancellationToken), cancellationToken);
        if (!verified.IsSuccess)
        {
            return await RollBackAsync(attempt, credential, $"The new credential was not accepted within {options.VerifyTimeout.TotalSeconds:0} s: {verified.Error.Message}", [], cancellationToken);
        }

        var (connection, job) = (attempt.Connection, attempt.Job);
        var now = timeProvider.GetUtcNow();
        var state = connection.CredentialRotation with
        {
            ActiveCredentialId = credential.CredentialId,
            PreviousCredentialId = connection.CredentialRotation.ActiveCredentialId,
            Status = RotationStatuses.Success,
            Message = null,
            RotatedAt = now,
            LastJobId = job.Id,
        };
        state = state with { NextRotationAt = CredentialRotationSchedule.Next(state.Settings, now, connection.CreatedAt, job.Trigger == JobTriggers.Schedule) };
        var rotated = audit.Entry(attempt.RequestedBy ?? "rotation-engine", "app-connection.credentials-rotated", "app-connection", connection.Id.ToString(), null,
            new { jobId = job.Id, job.Trigger, credentialId = credential.CredentialId, previousCredentialId = state.PreviousCredentialId });
        var activated = await ActivateAsync(attempt, credential.CredentialsJson, state, rotated,
            $"Activated credential {credential.CredentialId}; {state.PreviousCredentialId ?? "the credential the connection was created with"} stays valid until the next self-rotation.",
            [attempt.Journal.Entry(ConnectionSteps.Verify, JournalSteps.Result, new { credentialId = credential.CredentialId, verification = verified.Value.ToString().ToLowerInvariant() }),
                attempt.Journal.Entry(ConnectionSteps.Activate, JournalSteps.Result, new { credentialId = credential.CredentialId })],
            cancellationToken);
        logger.LogInformation("Connection {ConnectionId} job {JobId}: activated credential {CredentialId}", connection.Id, job.Id, credential.CredentialId);
        return activated;
    }

    /// <summary>
    /// Seals <paramref name="credentialsJson"/> as the connection's and stores it with <paramref name="state"/>, the
    /// journal's last entries, the job's end and the audit entry in one transaction, guarded by the lease.
    /// </summary>
    private async Task<AppConnection> ActivateAsync(ConnectionAttempt attempt, string credentialsJson, CredentialRotationState state, AuditEntry rotated,
        string message, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        var (connection, job) = (attempt.Connection, attempt.Job);
        var now = state.RotatedAt ?? timeProvider.GetUtcNow();
        var sealedCredentials = await cipher.SealAsync(SealContext.ConnectionsScope, credentialsJson, SealContext.Connection(connection.Id), cancellationToken);
        var activation = new ConnectionCredentialActivation(connection.Id, job.Id, sealedCredentials, state, now, message, entries, rotated, options.NodeId);
        await options.Failpoints.HitAsync(ConnectionSteps.ActivateFailpoint, FailpointWhen.Before, cancellationToken);
        try
        {
            await store.CompleteConnectionCredentialActivationAsync(activation, cancellationToken);
        }
        catch (StoreConflictException)
        {
            if (await LeaseLostAsync(connection.Id, cancellationToken))
            {
                throw new ConnectionLeaseLostException(connection.Id);
            }

            throw;
        }

        await options.Failpoints.HitAsync(ConnectionSteps.ActivateFailpoint, FailpointWhen.After, cancellationToken);
        return connection with { SealedCredentials = sealedCredentials, CredentialRotation = state, UpdatedAt = now };
    }

    private async Task<ProviderResult<Verification>> VerifyWithinWindowAsync(ConnectionAttempt attempt, IssuedConnectionCredential credential, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + options.VerifyTimeout;
        var delay = options.VerifyInitialDelay;
        while (true)
        {
            var result = await attempt.Dual.VerifyCredentialAsync(attempt.Secret, credential, cancellationToken);
            if (result.IsSuccess || !result.Error.Transient || timeProvider.GetUtcNow() + delay > deadline)
            {
                return result;
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(options.VerifyMaxDelay.Ticks, (long)(delay.Ticks * 1.5)));
        }
    }

    /// <summary>Revokes a credential that was issued but will not be activated (with the still-active credential), then fails the job.</summary>
    private async Task<AppConnection> RollBackAsync(
        ConnectionAttempt attempt, IssuedConnectionCredential credential, string message, IReadOnlyList<JournalEntry> pending, CancellationToken cancellationToken)
    {
        await attempt.Journal.AppendAsync([.. pending, attempt.Journal.Entry(ConnectionSteps.Rollback, JournalSteps.Intent, new { credentialId = credential.CredentialId })], cancellationToken);
        var revoked = await attempt.Dual.RevokeCredentialAsync(attempt.Secret, credential.CredentialId, cancellationToken);
        if (revoked.IsSuccess)
        {
            await attempt.Journal.AppendAsync([attempt.Journal.Entry(ConnectionSteps.Rollback, JournalSteps.Result, new { credentialId = credential.CredentialId })], cancellationToken);
        }
        else
        {
            message += $" Revoking the unused credential {credential.CredentialId} also failed: {revoked.Error.Message}";
        }

        return await FailAsync(attempt, message, cancellationToken);
    }

    /// <summary>
    /// Ends the job as failed: status, message, next try, fail entry, job end and audit entry in one transaction, guarded
    /// by the lease. A <paramref name="cause"/> carrying Retry-After (Graph 429/503) also throttles the connection, so the
    /// rotations using it wait too, and the next self-rotation comes no sooner than that.
    /// </summary>
    private async Task<AppConnection> FailAsync(ConnectionAttempt attempt, string message, CancellationToken cancellationToken, ProviderError? cause = null)
    {
        var (connection, job) = (attempt.Connection, attempt.Job);
        var now = timeProvider.GetUtcNow();
        var next = await NextTryAfterFailureAsync(attempt, now, cancellationToken);
        if (cause?.RetryAfter is { } wait)
        {
            throttle?.ThrottleUntil(connection.Id, now + wait);
            next = next is { } at && at < now + wait ? now + wait : next;
        }

        var state = connection.CredentialRotation with
        {
            Status = RotationStatuses.Failed,
            Message = message,
            LastJobId = job.Id,
            NextRotationAt = next,
        };
        var failed = audit.Entry(attempt.RequestedBy ?? "rotation-engine", "app-connection.credentials-rotation-failed", "app-connection", connection.Id.ToString(), null,
            new { jobId = job.Id, job.Trigger, message });
        var failure = new ConnectionJobFailure(connection.Id, job.Id, state, now, message,
            attempt.Journal.Entry(ConnectionSteps.Fail, JournalSteps.Result, new { message }), failed, options.NodeId);
        try
        {
            await store.FailConnectionJobAsync(failure, cancellationToken);
        }
        catch (StoreConflictException)
        {
            if (await LeaseLostAsync(connection.Id, cancellationToken))
            {
                throw new ConnectionLeaseLostException(connection.Id);
            }

            throw;
        }

        logger.LogWarning("Connection {ConnectionId} job {JobId}: self-rotation failed: {Message}", connection.Id, job.Id, message);
        return connection with { CredentialRotation = state, UpdatedAt = now };
    }

    /// <summary>
    /// A scheduled attempt that failed is retried with the rotations' backoff (about 5, 15, 40 minutes), counted from
    /// the failed scheduled jobs since the last success; after those, and for manual attempts, the next rotateAtUtc.
    /// </summary>
    private async Task<DateTimeOffset?> NextTryAfterFailureAsync(ConnectionAttempt attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = attempt.Connection.CredentialRotation.Settings;
        if (attempt.Job.Trigger != JobTriggers.Schedule || !settings.IsAutoRotationEnabled)
        {
            return CredentialRotationSchedule.AfterFailure(settings, now);
        }

        var earlier = (await store.ListConnectionJobsAsync(attempt.Connection.Id, cancellationToken))
            .Where(j => j.Id != attempt.Job.Id && j.Status != JobStatuses.Running)
            .TakeWhile(j => j is { Status: JobStatuses.Failed, Trigger: JobTriggers.Schedule })
            .Count();
        var retry = earlier + 1;
        return retry <= options.FailureRetries ? now + FailureBackoff.Delay(retry, options) : CredentialRotationSchedule.AfterFailure(settings, now);
    }

    private async Task<ProviderResult<T>> CallAsync<T>(string failpoint, Func<Task<ProviderResult<T>>> call, CancellationToken cancellationToken)
    {
        await options.Failpoints.HitAsync(failpoint, FailpointWhen.Before, cancellationToken);
        var result = await call();
        await options.Failpoints.HitAsync(failpoint, FailpointWhen.After, cancellationToken);
        return result;
    }

    private async Task<bool> LeaseLostAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return await store.TryClaimConnectionAsync(connectionId, options.NodeId, now + options.LeaseDuration, now, cancellationToken) is null;
    }

    private static JournalEntry IssueIntent(ConnectionAttempt attempt) => attempt.Journal.Entry(ConnectionSteps.Issue, JournalSteps.Intent, new { label = attempt.Label });

    private static JournalEntry VerifyIntent(ConnectionAttempt attempt, IssuedConnectionCredential credential) =>
        attempt.Journal.Entry(ConnectionSteps.Verify, JournalSteps.Intent, new { credentialId = credential.CredentialId });

    private static JournalEntry RevokeEntry(ConnectionAttempt attempt, string credentialId, string phase) =>
        attempt.Journal.Entry(ConnectionSteps.RevokePrevious, phase, new { credentialId });
}

/// <summary>This node's lease on the connection lapsed mid-attempt: another node recovers the job, so this one writes nothing more.</summary>
internal sealed class ConnectionLeaseLostException(Guid connectionId) : Exception($"The lease on connection {connectionId} was lost.");
