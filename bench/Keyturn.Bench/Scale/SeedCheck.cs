using System.Text.Json;
using Keyturn.Core.Crypto;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;

namespace Keyturn.Bench.Scale;

/// <summary>
/// Reads seeded data back through the store contract and opens sealed values with the installation's cipher, so a
/// seeder that wrote the wrong columns, encodings or associated data fails the section instead of skewing it.
/// </summary>
public static class SeedCheck
{
    public static async Task VerifyAsync(
        IKeyturnStore store, EnvelopeCipher cipher, ScaleBackend backend, ScaleShape shape, SeedResult seed, CancellationToken cancellationToken)
    {
        long n = shape.Rotations;
        (string Table, long Rows)[] expected =
        [
            ("rotations", n), ("secrets", n * ScaleShape.SecretsPerRotation), ("secret_versions", shape.SecretVersions),
            ("rotation_slots", n * ScaleShape.SlotsPerRotation), ("rotation_jobs", n * ScaleShape.VersionsPerSecret),
            ("journal_entries", n * ScaleShape.JournalEntriesPerJob),
        ];
        foreach (var (table, rows) in expected)
        {
            var counted = await backend.CountRowsAsync(table, cancellationToken);
            Expect(counted == rows, $"{table} holds {counted:N0} rows, not {rows:N0}");
        }

        foreach (var sample in seed.Samples)
        {
            await VerifySampleAsync(store, cipher, sample, cancellationToken);
        }

        var due = await store.ListDueRotationsAsync(seed.Now, null, int.MaxValue, cancellationToken);
        Expect(due.Count == shape.DueRotations, $"{due.Count} rotations are due, not {shape.DueRotations}");
        foreach (var sample in seed.Samples)
        {
            Expect(due.Any(d => d.Id == sample.RotationId) == sample.IsDue, $"rotation {sample.Name} is {(sample.IsDue ? "not " : "")}in the due list");
        }

        Expect((await store.ListOpenJobsAsync(cancellationToken)).Count == 0, "seeded jobs are left running");
    }

    private static async Task VerifySampleAsync(IKeyturnStore store, EnvelopeCipher cipher, SeedSample sample, CancellationToken cancellationToken)
    {
        var rotation = await store.GetRotationAsync(sample.RotationId, cancellationToken);
        Expect(rotation is not null, $"rotation {sample.Name} does not read back");
        Expect(rotation!.Name == sample.Name && rotation.NextRotationAt == sample.NextRotationAt && rotation.LastRotationJobId == sample.LastJobId,
            $"rotation {sample.Name} reads back different");
        var folder = await store.GetFolderByIdAsync(sample.FolderId, cancellationToken);
        Expect(folder?.Path == sample.FolderPath, $"folder {sample.FolderPath} does not read back");

        var latest = await store.GetSecretAsync(sample.FolderId, sample.ClientSecretKey, cancellationToken);
        Expect(latest is { Version: ScaleShape.VersionsPerSecret } && latest.OwnerRotationId == sample.RotationId, $"secret {sample.ClientSecretKey} reads back different");
        Expect(await OpenSecretAsync(cipher, sample.ProjectId, latest!, cancellationToken) == sample.LatestClientSecret, $"{sample.ClientSecretKey} opens to another value");
        var first = await store.GetSecretVersionAsync(sample.FolderId, sample.ClientSecretKey, 1, cancellationToken);
        Expect(first is not null && await OpenSecretAsync(cipher, sample.ProjectId, first, cancellationToken) == sample.FirstClientSecret,
            $"version 1 of {sample.ClientSecretKey} does not open to its value");
        var clientId = await store.GetSecretAsync(sample.FolderId, sample.ClientIdKey, cancellationToken);
        Expect(clientId is not null && await OpenSecretAsync(cipher, sample.ProjectId, clientId, cancellationToken) == sample.ClientId,
            $"{sample.ClientIdKey} does not open to the client id");
        Expect((await store.ListSecretsOwnedByAsync(sample.RotationId, cancellationToken)).Count == ScaleShape.SecretsPerRotation,
            $"rotation {sample.Name} does not own its secrets");

        var slots = await store.ListSlotsAsync(sample.RotationId, cancellationToken);
        Expect(slots.Count == ScaleShape.SlotsPerRotation, $"rotation {sample.Name} has {slots.Count} slots");
        var active = slots[rotation.ActiveIndex];
        var credential = await cipher.OpenAsync(sample.ProjectId, active.SealedCredential, SealContext.Slot(sample.RotationId, active.Index, active.JobId), cancellationToken);
        Expect(JsonSerializer.Deserialize<SeedGenerator.StoredCredentialForm>(credential)?.CredentialId == sample.ActiveCredentialId,
            $"the active slot of {sample.Name} holds another credential");

        Expect((await store.GetJobAsync(sample.LastJobId, cancellationToken))?.Status == JobStatuses.Succeeded, $"the last job of {sample.Name} did not read back");
        var journal = await store.GetJournalAsync(sample.LastJobId, cancellationToken);
        Expect(journal.Count == ScaleShape.JournalEntriesPerJob, $"the last job of {sample.Name} has {journal.Count} journal entries");
        var issued = journal.Single(e => e is { Step: JournalSteps.Issue, Phase: JournalSteps.Result });
        var journaled = await cipher.OpenAsync(sample.ProjectId, issued.SealedSecret!, SealContext.Journal(sample.LastJobId, issued.Sequence), cancellationToken);
        Expect(JsonSerializer.Deserialize<SeedGenerator.StoredCredentialForm>(journaled)?.CredentialId == sample.ActiveCredentialId,
            $"the journaled credential of {sample.Name} differs");
    }

    private static Task<string> OpenSecretAsync(EnvelopeCipher cipher, Guid projectId, Keyturn.Core.Domain.StoredSecret secret, CancellationToken cancellationToken) =>
        cipher.OpenAsync(projectId, secret.Ciphertext, SealContext.SecretVersion(projectId, secret.Id, secret.Version), cancellationToken);

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Seeded data does not read back through the store: {problem}.");
        }
    }
}
