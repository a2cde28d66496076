using System.Text.Json;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Server.Hosting;
using Keyturn.Storage;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// Reads a data directory the way recovery does (its own store on the SQLite file, its own cipher from root.key), so
/// the test sees what is durable whichever process wrote it, dead or alive. A new store per look: no cache to go stale.
/// </summary>
public sealed class DataInspector(string dataDirectory)
{
    public Task<SecretRotation?> RotationAsync(Guid id) => WithStoreAsync(store => store.GetRotationAsync(id, CancellationToken.None));

    public Task<RotationJob?> JobAsync(Guid id) => WithStoreAsync(store => store.GetJobAsync(id, CancellationToken.None));

    public Task<IReadOnlyList<JournalEntry>> JournalAsync(Guid jobId) => WithStoreAsync(store => store.GetJournalAsync(jobId, CancellationToken.None));

    public Task<IReadOnlyList<RotationSlot>> SlotsAsync(Guid rotationId) => WithStoreAsync(store => store.ListSlotsAsync(rotationId, CancellationToken.None));

    public async Task<IReadOnlyList<RotationJob>> OpenJobsAsync(Guid rotationId) =>
        (await WithStoreAsync(store => store.ListOpenJobsAsync(CancellationToken.None))).Where(j => j.RotationId == rotationId).ToList();

    /// <summary>
    /// Whether recovery is done with the rotation: no job of it open, and nobody holds its lease (recovery releases it
    /// only after its last write, e.g. removing a failed create). The probe claims the lease for no time and lets it go.
    /// </summary>
    public async Task<bool> SettledAsync(Guid rotationId) =>
        (await OpenJobsAsync(rotationId)).Count == 0 && await WithStoreAsync(async store =>
        {
            const string probe = "crash-matrix-probe";
            var now = TimeProvider.System.GetUtcNow();
            if (await store.GetRotationAsync(rotationId, CancellationToken.None) is null)
            {
                return true;
            }

            if (!await store.TryAcquireLeaseAsync(rotationId, probe, until: now, now, CancellationToken.None))
            {
                return false;
            }

            await store.ReleaseLeaseAsync(rotationId, probe, CancellationToken.None);
            return true;
        });

    public async Task<Guid> OnlyRotationAsync(string projectId) =>
        (await WithStoreAsync(store => store.ListRotationsAsync(Guid.Parse(projectId), CancellationToken.None))).Single().Id;

    /// <summary>The credentials in the rotation's slots and sealed in the job's journal, opened.</summary>
    public Task<HeldCredentials> HeldAsync(SecretRotation? rotation, Guid? jobId) => WithStoreAsync(async store =>
    {
        if (rotation is null)
        {
            return new HeldCredentials([], []);
        }

        var cipher = new EnvelopeCipher(DataDirectory.LoadRootKey(dataDirectory, null), store, TimeProvider.System);
        var slots = new List<HeldCredential>();
        foreach (var slot in await store.ListSlotsAsync(rotation.Id, CancellationToken.None))
        {
            slots.Add(Parse(await cipher.OpenAsync(rotation.ProjectId, slot.SealedCredential, SealContext.Slot(rotation.Id, slot.Index, slot.JobId), CancellationToken.None)));
        }

        var journal = new List<HeldCredential>();
        foreach (var entry in jobId is { } id ? await store.GetJournalAsync(id, CancellationToken.None) : [])
        {
            if (entry.SealedSecret is { } sealedSecret)
            {
                var text = await cipher.OpenAsync(rotation.ProjectId, sealedSecret, SealContext.Journal(entry.JobId, entry.Sequence), CancellationToken.None);
                // A set intent holds the bare generated password; results hold a whole credential.
                journal.Add(entry.Phase == JournalSteps.Intent ? new HeldCredential("", new Dictionary<string, string> { ["password"] = text }) : Parse(text));
            }
        }

        return new HeldCredentials(slots, journal);
    });

    private static HeldCredential Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new HeldCredential(root.GetProperty("CredentialId").GetString()!,
            root.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
    }

    private async Task<T> WithStoreAsync<T>(Func<IKeyturnStore, Task<T>> read)
    {
        await using var store = KeyturnStoreFactory.Create(KeyturnStoreFactory.ForSqliteFile(Path.Combine(dataDirectory, DataDirectory.DatabaseFile)));
        await store.InitializeAsync(CancellationToken.None);
        return await read(store);
    }
}
