using System.Text.Json;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Providers.AzureClientSecret;

namespace Keyturn.Bench.Scale;

/// <summary>
/// Builds the rows of rotation i as the engine would have left them after <see cref="ScaleShape.VersionsPerSecret"/>
/// successful runs (a create, then scheduled runs one interval apart): the rotation row, its two mapped secrets
/// with every version sealed, both slots, every job, and the journal of the latest job. Values are sealed through
/// the installation's <see cref="EnvelopeCipher"/> with the same associated data the engine uses, so the server opens them.
/// </summary>
public sealed class SeedGenerator
{
    /// <summary>Holds the leases of due rotations, so the server's first scheduler pass skips them instead of calling Azure.</summary>
    public const string OtherNode = "bench-other-node";

    private static readonly int[] IntervalsDays = [30, 60, 90];
    private static readonly TimeSpan JobDuration = TimeSpan.FromSeconds(3);
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-";

    private readonly ScaleShape _shape;
    private readonly IReadOnlyList<ProjectSeed> _projects;
    private readonly EnvelopeCipher _cipher;
    private readonly DateTimeOffset _now;
    private readonly HashSet<int> _sampled;
    private readonly Dictionary<(int Project, int Environment, int Group), Guid> _folders = new();
    private readonly List<SeedSample> _samples = [];

    /// <param name="now">The instant due-ness is relative to; the seeded rotations' times are set back from it.</param>
    /// <param name="sampled">Indexes of the rotations to remember as <see cref="Samples"/>.</param>
    public SeedGenerator(ScaleShape shape, IReadOnlyList<ProjectSeed> projects, EnvelopeCipher cipher, DateTimeOffset now, IEnumerable<int> sampled)
    {
        _shape = shape;
        _projects = projects;
        _cipher = cipher;
        _now = now;
        _sampled = [.. sampled];
    }

    /// <summary>What was written for the sampled rotations, in seeding order.</summary>
    public IReadOnlyList<SeedSample> Samples => _samples;

    public async Task<SeedBatch> BatchAsync(int first, int count, CancellationToken cancellationToken)
    {
        var batch = new SeedBatch();
        for (var i = first; i < first + count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await AddRotationAsync(batch, i, cancellationToken);
        }

        return batch;
    }

    private async Task AddRotationAsync(SeedBatch batch, int i, CancellationToken cancellationToken)
    {
        var projectIndex = i / _shape.RotationsPerProject;
        var seed = _projects[projectIndex];
        var projectId = seed.Project.Id;
        var n = i % _shape.RotationsPerProject;
        var environmentIndex = n % ScaleShape.Environments.Length;
        var environment = seed.Environments[environmentIndex];
        var group = n / ScaleShape.Environments.Length / _shape.RotationsPerFolder;
        var folderPath = $"/apps/team-{group:D2}";
        var folderId = Folder(batch, projectIndex, environmentIndex, group, environment.Id, folderPath, seed.Project.CreatedAt);

        var rotationId = Guid.NewGuid();
        var interval = IntervalsDays[i % IntervalsDays.Length];
        var due = _shape.IsDue(i);
        // The last run ended this long ago: past the interval (by 1 to 2 days) for due rotations, inside it (by at
        // least 2 days) for the rest, so the computed next run falls on the intended side of now (checked below).
        var age = due
            ? TimeSpan.FromDays(interval + 1) + TimeSpan.FromMinutes(i % 1440)
            : TimeSpan.FromMinutes((long)i * 37 % ((interval - 2) * 1440L));

        var jobs = new Job[ScaleShape.VersionsPerSecret];
        for (var k = 0; k < jobs.Length; k++)
        {
            var ended = _now - age - TimeSpan.FromDays((jobs.Length - 1 - k) * (double)interval);
            // Dual-phase: the create fills slot 0, then each run fills the slot that is not active.
            jobs[k] = new Job(Guid.NewGuid(), k == 0 ? JobTriggers.Create : JobTriggers.Schedule, k % 2, ended - JobDuration, ended,
                Guid.NewGuid().ToString(), NewClientSecret(), ended + TimeSpan.FromDays(2 * interval + 7));
        }

        var last = jobs[^1];
        var clientId = Guid.NewGuid().ToString();
        var name = $"app-{n:D4}";
        var clientIdKey = $"APP_{n:D4}_CLIENT_ID";
        var clientSecretKey = $"APP_{n:D4}_CLIENT_SECRET";
        var rotation = new SecretRotation(rotationId, projectId, environment.Id, folderId, AzureClientSecretProvider.TypeName, name, null,
            seed.ConnectionId, true, interval, i % 24, i * 7 % 60,
            JsonSerializer.Serialize(new { objectId = Guid.NewGuid(), clientId, appName = name }),
            SecretsMapping.ToJson([KeyValuePair.Create("clientId", clientIdKey), KeyValuePair.Create("clientSecret", clientSecretKey)]),
            last.TargetSlot, RotationStatuses.Success, null, last.Ended, last.Ended, last.Id, false, null, jobs[0].Started, last.Ended);
        var next = RotationSchedule.NextRotationAt(rotation)
            ?? throw new InvalidOperationException($"Seeded rotation {i} has no next run.");
        if (next <= _now != due)
        {
            throw new InvalidOperationException($"Seeded rotation {i} should {(due ? "" : "not ")}be due but its next run is {next:O} (now {_now:O}).");
        }

        batch.Add(SeedTable.Rotations,
            rotation.Id, rotation.ProjectId, rotation.EnvironmentId, rotation.FolderId, rotation.Type, rotation.Name, rotation.Description,
            rotation.ConnectionId, rotation.IsAutoRotationEnabled, rotation.RotationInterval, rotation.RotateAtHours, rotation.RotateAtMinutes,
            rotation.ParametersJson, rotation.SecretsMappingJson, rotation.ActiveIndex, rotation.RotationStatus, rotation.LastRotationMessage,
            rotation.LastRotationAttemptedAt, rotation.LastRotatedAt, rotation.LastRotationJobId, rotation.LastRotationWasManual, next,
            rotation.CreatedAt, rotation.UpdatedAt, due ? OtherNode : null, due ? _now + TimeSpan.FromDays(1) : null);

        await AddSecretAsync(batch, projectId, folderId, rotationId, clientIdKey, jobs, _ => clientId, cancellationToken);
        await AddSecretAsync(batch, projectId, folderId, rotationId, clientSecretKey, jobs, j => j.ClientSecret, cancellationToken);

        // Slot 0 holds the latest credential (active), slot 1 the one before.
        foreach (var job in jobs[^2..])
        {
            var sealedCredential = await _cipher.SealAsync(projectId, CredentialJson(job, clientId), SealContext.Slot(rotationId, job.TargetSlot, job.Id), cancellationToken);
            batch.Add(SeedTable.Slots, rotationId, job.TargetSlot, job.KeyId, sealedCredential, job.Id, job.Ended);
        }

        foreach (var job in jobs)
        {
            batch.Add(SeedTable.Jobs, job.Id, rotationId, job.Trigger, JobStatuses.Succeeded, job.TargetSlot, job.Started, job.Ended,
                $"Activated credential {job.KeyId} in slot {job.TargetSlot}.");
        }

        await AddLatestJournalAsync(batch, projectId, rotationId, jobs, clientId, clientIdKey, clientSecretKey, cancellationToken);

        if (_sampled.Contains(i))
        {
            _samples.Add(new SeedSample(rotationId, projectId, environment.Slug, folderId, folderPath, name, clientIdKey, clientSecretKey, clientId,
                jobs[0].ClientSecret, last.ClientSecret, last.KeyId, last.Id, due, next));
        }
    }

    /// <summary>A folder per (project, environment, group of rotations), emitted with the first rotation that uses it.</summary>
    private Guid Folder(SeedBatch batch, int project, int environment, int group, Guid environmentId, string path, DateTimeOffset createdAt)
    {
        if (_folders.TryGetValue((project, environment, group), out var id))
        {
            return id;
        }

        id = Guid.NewGuid();
        _folders[(project, environment, group)] = id;
        batch.Add(SeedTable.Folders, id, environmentId, path, createdAt);
        return id;
    }

    /// <summary>One mapped secret: version k + 1 written by job k, owned by the rotation.</summary>
    private async Task AddSecretAsync(SeedBatch batch, Guid projectId, Guid folderId, Guid rotationId, string key, Job[] jobs,
        Func<Job, string> value, CancellationToken cancellationToken)
    {
        var secretId = Guid.NewGuid();
        batch.Add(SeedTable.Secrets, secretId, folderId, key, jobs.Length, rotationId, jobs[0].Ended, jobs[^1].Ended);
        for (var k = 0; k < jobs.Length; k++)
        {
            var version = k + 1;
            var ciphertext = await _cipher.SealAsync(projectId, value(jobs[k]), SealContext.SecretVersion(projectId, secretId, version), cancellationToken);
            batch.Add(SeedTable.SecretVersions, secretId, version, ciphertext, jobs[k].Ended);
        }
    }

    /// <summary>
    /// The journal a scheduled run leaves (RotationEngine): revoke the inactive slot's credential, issue (the new
    /// credential sealed into the result), verify, activate. Older jobs' journals are left out to keep seeding short.
    /// </summary>
    private async Task AddLatestJournalAsync(SeedBatch batch, Guid projectId, Guid rotationId, Job[] jobs, string clientId,
        string clientIdKey, string clientSecretKey, CancellationToken cancellationToken)
    {
        var job = jobs[^1];
        var replaced = jobs[^3];
        var step = (job.Ended - job.Started) / ScaleShape.JournalEntriesPerJob;
        var sequence = 0;

        void Add(string name, string phase, object data, byte[]? sealedSecret = null)
        {
            sequence++;
            batch.Add(SeedTable.Journal, job.Id, sequence, name, phase, JsonSerializer.Serialize(data), sealedSecret, job.Started + step * sequence);
        }

        var revoked = new { credentialId = replaced.KeyId, slot = job.TargetSlot };
        Add(JournalSteps.RevokeInactive, JournalSteps.Intent, revoked);
        Add(JournalSteps.RevokeInactive, JournalSteps.Result, revoked);
        Add(JournalSteps.Issue, JournalSteps.Intent, new { label = RotationEngine.Label(rotationId, job.Id) });
        var issued = await _cipher.SealAsync(projectId, CredentialJson(job, clientId), SealContext.Journal(job.Id, sequence + 1), cancellationToken);
        Add(JournalSteps.Issue, JournalSteps.Result, new { credentialId = job.KeyId }, issued);
        Add(JournalSteps.Verify, JournalSteps.Intent, new { credentialId = job.KeyId });
        Add(JournalSteps.Verify, JournalSteps.Result, new { credentialId = job.KeyId });
        var version = ScaleShape.VersionsPerSecret;
        Add(JournalSteps.Activate, JournalSteps.Result, new
        {
            slot = job.TargetSlot,
            credentialId = job.KeyId,
            secrets = new[] { new { Key = clientIdKey, Version = version }, new { Key = clientSecretKey, Version = version } },
        });
    }

    /// <summary>The engine's stored-credential JSON (Keyturn.Core.Rotation.StoredCredential, internal there).</summary>
    private static string CredentialJson(Job job, string clientId) => JsonSerializer.Serialize(new StoredCredentialForm(job.KeyId,
        new Dictionary<string, string> { ["clientId"] = clientId, ["clientSecret"] = job.ClientSecret, ["keyId"] = job.KeyId }, job.ExpiresAt));

    /// <summary>40 characters in the alphabet Entra uses for client secrets.</summary>
    private static string NewClientSecret() => string.Create(40, 0, (span, _) =>
    {
        for (var c = 0; c < span.Length; c++)
        {
            span[c] = SecretAlphabet[Random.Shared.Next(SecretAlphabet.Length)];
        }
    });

    private sealed record Job(Guid Id, string Trigger, int TargetSlot, DateTimeOffset Started, DateTimeOffset Ended, string KeyId, string ClientSecret, DateTimeOffset ExpiresAt);

    /// <summary>Same property names and types as StoredCredential.Form, so RotationEngine.OpenSlotAsync reads it.</summary>
    public sealed record StoredCredentialForm(string CredentialId, Dictionary<string, string> Values, DateTimeOffset? ExpiresAt);
}
