using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Connections;

/// <summary>
/// The in-place (single-credential) self-rotation of a connection that has one password (a database account): the
/// engine generates the value and seals it into the set intent before the server sees it, sets it signed in with the
/// current password, proves it with a fresh login, then activates it in one transaction. Single-phase: from the set
/// until activation, anyone holding the old password (another node, a rotation in flight) fails its next login.
/// Whenever the outcome is unclear (the set failed, the verify failed, a stop) both passwords are tried: the new one
/// working means it is the password now and is activated; only the old one working means the set never happened.
/// </summary>
internal sealed partial class ConnectionRotationSteps
{
    private async Task<AppConnection> RunInPlaceAsync(ConnectionAttempt attempt, CancellationToken cancellationToken)
    {
        var password = attempt.InPlace.PasswordPolicy.Generate();
        // Written before anything else happens: whatever the server does next, the value it may hold is in the journal.
        var setIntent = await attempt.Journal.WithSecretAsync(ConnectionSteps.Set, JournalSteps.Intent, new { generated = true }, password, cancellationToken);
        await store.StartConnectionJobAsync(attempt.Job, [setIntent], cancellationToken);
        logger.LogInformation("Connection {ConnectionId} job {JobId}: in-place self-rotation started ({Trigger})", attempt.Connection.Id, attempt.Job.Id, attempt.Job.Trigger);
        return await SetVerifyActivateAsync(attempt, password, setIntent, cancellationToken);
    }

    private async Task<AppConnection> ResumeInPlaceAsync(ConnectionAttempt attempt, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        var setIntent = entries.LastOrDefault(e => e is { Step: ConnectionSteps.Set, Phase: JournalSteps.Intent, SealedSecret: not null });
        if (setIntent is null)
        {
            return await FailAsync(attempt, "Interrupted before a new password was generated; the connection keeps its password.", cancellationToken);
        }

        var password = await attempt.Journal.OpenAsync(setIntent, cancellationToken);
        var settled = await SettleAsync(attempt, password, setIntent, "Interrupted by a stop.", cancellationToken);
        if (settled is not null)
        {
            return settled;
        }

        // Only the old password signs in, so the set never reached the server (or a stalled node's set is still on its
        // way). The journaled value is applied again rather than a new one: a late set of the same value changes nothing.
        return await SetVerifyActivateAsync(attempt, password, setIntent, cancellationToken);
    }

    private async Task<AppConnection> SetVerifyActivateAsync(ConnectionAttempt attempt, string password, JournalEntry setIntent, CancellationToken cancellationToken)
    {
        var set = await CallAsync(ConnectionSteps.SetFailpoint, () => attempt.InPlace.SetOwnPasswordAsync(attempt.Secret, password, cancellationToken), cancellationToken);
        if (!set.IsSuccess)
        {
            // The server may have taken the value before the answer was lost: the logins tell.
            return await SettleAsync(attempt, password, setIntent, $"Setting the new password failed: {set.Error.Message}", cancellationToken)
                ?? await FailAsync(attempt, $"Setting the new password failed: {set.Error.Message} The connection keeps its password.", cancellationToken, set.Error);
        }

        await attempt.Journal.AppendAsync(
            [attempt.Journal.Entry(ConnectionSteps.Set, JournalSteps.Result, new { }), attempt.Journal.Entry(ConnectionSteps.Verify, JournalSteps.Intent, new { })], cancellationToken);
        var verified = await CallAsync(ConnectionSteps.VerifyFailpoint, () => LoginWithinWindowAsync(attempt, password, cancellationToken), cancellationToken);
        if (!verified.IsSuccess)
        {
            return await SettleAsync(attempt, password, setIntent, $"The new password was not accepted within {options.VerifyTimeout.TotalSeconds:0} s: {verified.Error.Message}", cancellationToken)
                ?? await FailAsync(attempt, $"The server took the set but refused the new password, and the old one still signs in: {verified.Error.Message} The connection keeps its password.", cancellationToken);
        }

        return await ActivatePasswordAsync(attempt, password, verified.Value, cancellationToken);
    }

    /// <summary>
    /// Decides an unclear outcome by signing in: the new password works → activated; neither works → failed, saying
    /// where the new value is kept. Null when only the old password works (the connection is as it was). When the
    /// server cannot be reached the job stays open for the next recovery sweep, since nothing can be decided.
    /// </summary>
    private async Task<AppConnection?> SettleAsync(ConnectionAttempt attempt, string password, JournalEntry setIntent, string why, CancellationToken cancellationToken)
    {
        var withNew = await attempt.InPlace.LoginAsync(attempt.Secret, password, cancellationToken);
        if (withNew.IsSuccess)
        {
            return await ActivatePasswordAsync(attempt, password, withNew.Value, cancellationToken);
        }

        var withOld = await attempt.InPlace.LoginAsync(attempt.Secret, null, cancellationToken);
        if (withOld.IsSuccess)
        {
            return null;
        }

        if (withNew.Error.Transient || withOld.Error.Transient)
        {
            throw new ConnectionOutcomeUnknownException(attempt.Connection.Id, withNew.Error.Message);
        }

        return await FailAsync(attempt,
            $"{why} Neither the new password nor the stored one signs in ({withNew.Error.Message}). The new password is kept sealed in job {attempt.Job.Id}'s journal (step {ConnectionSteps.Set}, entry {setIntent.Sequence}) for an operator.",
            cancellationToken);
    }

    private async Task<ProviderResult<Verification>> LoginWithinWindowAsync(ConnectionAttempt attempt, string password, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + options.VerifyTimeout;
        var delay = options.VerifyInitialDelay;
        while (true)
        {
            var result = await attempt.InPlace.LoginAsync(attempt.Secret, password, cancellationToken);
            if (result.IsSuccess || !result.Error.Transient || timeProvider.GetUtcNow() + delay > deadline)
            {
                return result;
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(options.VerifyMaxDelay.Ticks, (long)(delay.Ticks * 1.5)));
        }
    }

    private async Task<AppConnection> ActivatePasswordAsync(ConnectionAttempt attempt, string password, Verification verification, CancellationToken cancellationToken)
    {
        var (connection, job) = (attempt.Connection, attempt.Job);
        var now = timeProvider.GetUtcNow();
        var state = connection.CredentialRotation with { Status = RotationStatuses.Success, Message = null, RotatedAt = now, LastJobId = job.Id };
        state = state with { NextRotationAt = CredentialRotationSchedule.Next(state.Settings, now, connection.CreatedAt, job.Trigger == JobTriggers.Schedule) };
        var rotated = audit.Entry(attempt.RequestedBy ?? "rotation-engine", "app-connection.credentials-rotated", "app-connection", connection.Id.ToString(), null,
            new { jobId = job.Id, job.Trigger, inPlace = true });
        var activated = await ActivateAsync(attempt, attempt.InPlace.CredentialsWith(attempt.Secret, password), state, rotated,
            "Set and activated a new password; the previous one no longer signs in.",
            [attempt.Journal.Entry(ConnectionSteps.Verify, JournalSteps.Result, new { verification = verification.ToString().ToLowerInvariant() }),
                attempt.Journal.Entry(ConnectionSteps.Activate, JournalSteps.Result, new { })],
            cancellationToken);
        logger.LogInformation("Connection {ConnectionId} job {JobId}: activated its new password", connection.Id, job.Id);
        return activated;
    }
}

/// <summary>
/// Neither password could be tried (the server is unreachable), so whether the set happened is unknown: the job stays
/// open, its value sealed in the journal, and the next recovery sweep decides.
/// </summary>
internal sealed class ConnectionOutcomeUnknownException(Guid connectionId, string reason)
    : Exception($"Whether connection {connectionId}'s new password was set is unknown ({reason}); the job stays open for the next recovery sweep.");
