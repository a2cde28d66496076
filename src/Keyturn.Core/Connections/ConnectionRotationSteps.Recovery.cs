using System.Text.Json;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Connections;

/// <summary>
/// Recovery of a self-rotation job a stop left open, from its last journal entries: an issued credential is verified
/// and activated (or revoked); an issue whose answer was lost is cleaned up by label; an interrupted revoke is repeated.
/// </summary>
internal sealed partial class ConnectionRotationSteps
{
    public async Task<AppConnection> ResumeAsync(ConnectionAttempt attempt, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        logger.LogWarning("Connection {ConnectionId} job {JobId}: recovering a self-rotation left open by a stop", attempt.Connection.Id, attempt.Job.Id);
        if (attempt.IsInPlace)
        {
            return await ResumeInPlaceAsync(attempt, entries, cancellationToken);
        }

        var issued = entries.LastOrDefault(e => e is { Step: ConnectionSteps.Issue, Phase: JournalSteps.Result, SealedSecret: not null });
        if (issued is not null)
        {
            var credential = JsonSerializer.Deserialize<IssuedConnectionCredential>(await attempt.Journal.OpenAsync(issued, cancellationToken), JsonOptions)!;
            if (entries.Any(e => e.Step == ConnectionSteps.Rollback))
            {
                return await RollBackAsync(attempt, credential, "Interrupted while rolling back; the unused credential was revoked.", [], cancellationToken);
            }

            await attempt.Journal.AppendAsync([VerifyIntent(attempt, credential)], cancellationToken);
            return await VerifyAndActivateAsync(attempt, credential, cancellationToken);
        }

        if (entries.Any(e => e is { Step: ConnectionSteps.Issue, Phase: JournalSteps.Intent }))
        {
            // The provider may have created a credential whose secret we never saw: find it by its label and revoke it.
            return await FailAsync(attempt, await RevokeLabelledAsync(attempt, cancellationToken)
                ?? "Interrupted while issuing; any credential the provider created for this attempt was revoked.", cancellationToken);
        }

        var revokeIntent = entries.LastOrDefault(e => e is { Step: ConnectionSteps.RevokePrevious, Phase: JournalSteps.Intent });
        if (revokeIntent is not null && JsonDocument.Parse(revokeIntent.DataJson).RootElement.GetProperty("credentialId").GetString() is { } previous)
        {
            // Idempotent, so repeated; the attempt then ends as failed and the next one starts afresh.
            await attempt.Journal.AppendAsync([RevokeEntry(attempt, previous, JournalSteps.Intent)], cancellationToken);
            var revoked = await CallAsync(ConnectionSteps.RevokeFailpoint, () => attempt.Dual.RevokeCredentialAsync(attempt.Secret, previous, cancellationToken), cancellationToken);
            if (!revoked.IsSuccess)
            {
                return await FailAsync(attempt, $"Interrupted; revoking the previous credential {previous} failed: {revoked.Error.Message}", cancellationToken);
            }

            await attempt.Journal.AppendAsync([RevokeEntry(attempt, previous, JournalSteps.Result)], cancellationToken);
        }

        return await FailAsync(attempt, "Interrupted before a new credential was issued; the connection keeps its credential.", cancellationToken);
    }

    /// <summary>Null when every credential carrying the attempt's label is gone, else what failed.</summary>
    private static async Task<string?> RevokeLabelledAsync(ConnectionAttempt attempt, CancellationToken cancellationToken)
    {
        var listed = await attempt.Dual.ListCredentialsAsync(attempt.Secret, attempt.Label, cancellationToken);
        if (!listed.IsSuccess)
        {
            return $"Interrupted while issuing, and listing credentials to clean up failed: {listed.Error.Message}";
        }

        var failures = new List<string>();
        foreach (var orphan in listed.Value)
        {
            var revoked = await attempt.Dual.RevokeCredentialAsync(attempt.Secret, orphan.CredentialId, cancellationToken);
            if (!revoked.IsSuccess)
            {
                failures.Add($"{orphan.CredentialId}: {revoked.Error.Message}");
            }
        }

        return failures.Count == 0 ? null : $"Interrupted while issuing, and revoking its credentials failed: {string.Join("; ", failures)}";
    }
}
