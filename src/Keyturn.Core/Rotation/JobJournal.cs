using System.Text.Json;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Numbers a job's journal entries in sequence: an intent before each side effect, a result after it.
/// A secret that must survive a crash (an issued credential, a generated password) is sealed into the entry itself.
/// Entries are built here in order and committed by the caller, usually a step's result together with the next
/// step's intent (<see cref="AppendAsync"/>), so sequence numbers stay in the order the steps happened.
/// </summary>
internal sealed class JobJournal(IJobStore store, EnvelopeCipher cipher, Guid projectId, Guid jobId, TimeProvider timeProvider, int nextSequence = 1)
{
    private int _sequence = nextSequence;

    public Task IntentAsync(string step, object data, CancellationToken cancellationToken) =>
        AppendAsync([Entry(step, JournalSteps.Intent, data)], null, cancellationToken);

    public Task ResultAsync(string step, object data, CancellationToken cancellationToken) =>
        AppendAsync([Entry(step, JournalSteps.Result, data)], null, cancellationToken);

    /// <summary>Commits the entries (and empties the slot) in one transaction.</summary>
    public Task AppendAsync(IReadOnlyList<JournalEntry> entries, SlotRef? emptySlot, CancellationToken cancellationToken) =>
        store.AppendJournalAsync(new JournalAppend(entries, emptySlot), cancellationToken);

    /// <summary>
    /// An entry with a secret sealed to its own sequence number, for the caller to commit: the issued credential in an
    /// issue result, or the engine-generated value in a set intent (written before the provider ever sees it).
    /// </summary>
    public async Task<JournalEntry> WithSecretAsync(string step, string phase, object data, string secret, CancellationToken cancellationToken)
    {
        var sequence = _sequence++;
        var sealedSecret = await cipher.SealAsync(projectId, secret, SealContext.Journal(jobId, sequence), cancellationToken);
        return new JournalEntry(jobId, sequence, step, phase, JsonSerializer.Serialize(data), sealedSecret, timeProvider.GetUtcNow());
    }

    /// <summary>The secret sealed into one of this job's entries.</summary>
    public Task<string> OpenAsync(JournalEntry entry, CancellationToken cancellationToken) =>
        cipher.OpenAsync(projectId, entry.SealedSecret ?? throw new InvalidOperationException($"Journal entry {entry.Sequence} holds no secret."),
            SealContext.Journal(jobId, entry.Sequence), cancellationToken);

    /// <summary>An entry for the caller to commit, alone or inside a larger transaction (start, activate, fail).</summary>
    public JournalEntry Entry(string step, string phase, object data) =>
        new(jobId, _sequence++, step, phase, JsonSerializer.Serialize(data), null, timeProvider.GetUtcNow());
}
