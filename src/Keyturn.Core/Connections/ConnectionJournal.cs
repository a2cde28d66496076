using System.Text.Json;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Connections;

/// <summary>
/// Numbers a connection job's journal entries, as the rotation engine's JobJournal does for rotation jobs. The issued
/// credential is sealed (under the connections data key) into the issue result itself.
/// </summary>
internal sealed class ConnectionJournal(IConnectionJobStore store, EnvelopeCipher cipher, Guid jobId, TimeProvider timeProvider, int nextSequence = 1)
{
    private int _sequence = nextSequence;

    public Task AppendAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken) =>
        store.AppendConnectionJournalAsync(entries, cancellationToken);

    public JournalEntry Entry(string step, string phase, object data) =>
        new(jobId, _sequence++, step, phase, JsonSerializer.Serialize(data), null, timeProvider.GetUtcNow());

    public async Task<JournalEntry> WithSecretAsync(string step, string phase, object data, string secret, CancellationToken cancellationToken)
    {
        var sequence = _sequence++;
        var sealedSecret = await cipher.SealAsync(SealContext.ConnectionsScope, secret, SealContext.Journal(jobId, sequence), cancellationToken);
        return new JournalEntry(jobId, sequence, step, phase, JsonSerializer.Serialize(data), sealedSecret, timeProvider.GetUtcNow());
    }

    public Task<string> OpenAsync(JournalEntry entry, CancellationToken cancellationToken) =>
        cipher.OpenAsync(SealContext.ConnectionsScope, entry.SealedSecret ?? throw new InvalidOperationException($"Journal entry {entry.Sequence} holds no secret."),
            SealContext.Journal(jobId, entry.Sequence), cancellationToken);
}
