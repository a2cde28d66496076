using System.Text.Json;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Appends a job's journal entries in sequence: an intent before each side effect, a result after it.
/// A secret that must survive a crash (the issued credential) is sealed into the result entry itself.
/// </summary>
internal sealed class JobJournal(IJobStore store, EnvelopeCipher cipher, Guid projectId, Guid jobId, TimeProvider timeProvider, int nextSequence = 1)
{
    private int _sequence = nextSequence;

    public Task IntentAsync(string step, object data, CancellationToken cancellationToken) =>
        store.AppendJournalAsync(Entry(step, JournalSteps.Intent, data), cancellationToken);

    public Task ResultAsync(string step, object data, CancellationToken cancellationToken) =>
        store.AppendJournalAsync(Entry(step, JournalSteps.Result, data), cancellationToken);

    public async Task ResultWithSecretAsync(string step, object data, string secret, CancellationToken cancellationToken)
    {
        var sequence = _sequence++;
        var sealedSecret = await cipher.SealAsync(projectId, secret, SealContext.Journal(jobId, sequence), cancellationToken);
        await store.AppendJournalAsync(
            new JournalEntry(jobId, sequence, step, JournalSteps.Result, JsonSerializer.Serialize(data), sealedSecret, timeProvider.GetUtcNow()),
            cancellationToken);
    }

    /// <summary>An entry for the caller to commit inside a larger transaction (activate, fail).</summary>
    public JournalEntry Entry(string step, string phase, object data) =>
        new(jobId, _sequence++, step, phase, JsonSerializer.Serialize(data), null, timeProvider.GetUtcNow());
}
