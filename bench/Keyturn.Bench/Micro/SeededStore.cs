using System.Security.Cryptography;
using Keyturn.Core.Crypto;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage;

namespace Keyturn.Bench.Micro;

/// <summary>
/// A Keyturn store (SQLite or PostgreSQL) holding one project whose root folder has <c>count</c> secrets, written
/// the way SecretService writes them: sealed under the project's data key, bound to (project, secret, version 1),
/// then stored through <see cref="ISecretStore.WriteSecretVersionAsync"/>. The read benchmarks fetch <see cref="Target"/>,
/// through <see cref="Store"/> (the read cache on, as a server runs) or <see cref="UncachedStore"/> (the same
/// database with <c>CacheReads = false</c>, so every read runs the SQL).
/// </summary>
public sealed class SeededStore : IAsyncDisposable
{
    private SeededStore(
        IKeyturnStore store, IKeyturnStore uncachedStore, EnvelopeCipher cipher, Guid projectId, Guid folderId, SeededSecret target, int count)
    {
        Store = store;
        UncachedStore = uncachedStore;
        Cipher = cipher;
        ProjectId = projectId;
        FolderId = folderId;
        Target = target;
        Count = count;
    }

    /// <summary>The store as a server builds it: <see cref="StorageOptions.CacheReads"/> on (the default).</summary>
    public IKeyturnStore Store { get; }

    /// <summary>A second store on the same database with <see cref="StorageOptions.CacheReads"/> off: every read runs SQL.</summary>
    public IKeyturnStore UncachedStore { get; }

    /// <summary>Opens what the store returns, to check that a read brought back the right value.</summary>
    public EnvelopeCipher Cipher { get; }

    public Guid ProjectId { get; }

    public Guid FolderId { get; }

    /// <summary>The secret every read fetches: one in the middle of the key range, not the first or last row.</summary>
    public SeededSecret Target { get; }

    public int Count { get; }

    public static async Task<SeededStore> CreateAsync(StorageOptions options, int count, CancellationToken cancellationToken)
    {
        var store = KeyturnStoreFactory.Create(options with { CacheReads = true });
        IKeyturnStore? uncached = null;
        try
        {
            await store.InitializeAsync(cancellationToken);
            var now = TimeProvider.System.GetUtcNow();
            var project = new Project(Guid.NewGuid(), "Bench", "bench", now, now);
            var environment = new ProjectEnvironment(Guid.NewGuid(), project.Id, "Production", "prod", 0);
            await store.CreateProjectAsync(project, [environment], cancellationToken);
            var folder = await store.GetOrCreateFolderAsync(environment.Id, "/", now, cancellationToken);
            var cipher = new EnvelopeCipher(RootKey.Generate(), store, TimeProvider.System);

            SeededSecret? target = null;
            for (var i = 0; i < count; i++)
            {
                var secret = new SeededSecret(Guid.NewGuid(), SecretKey(i), SecretValue());
                var context = SealContext.SecretVersion(project.Id, secret.Id, 1);
                var ciphertext = await cipher.SealAsync(project.Id, secret.Value, context, cancellationToken);
                await store.WriteSecretVersionAsync(
                    new SecretVersionWrite(secret.Id, folder.Id, secret.Key, 1, ciphertext, null, TimeProvider.System.GetUtcNow()),
                    cancellationToken);
                if (i == count / 2)
                {
                    target = secret;
                }
            }

            if (target is null)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            // Opened after seeding, so the schema exists and its InitializeAsync only checks the migrations.
            uncached = KeyturnStoreFactory.Create(options with { CacheReads = false });
            await uncached.InitializeAsync(cancellationToken);
            return new SeededStore(store, uncached, cipher, project.Id, folder.Id, target, count);
        }
        catch
        {
            if (uncached is not null)
            {
                await uncached.DisposeAsync();
            }

            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keys sort in insertion order, like a team's <c>SERVICE_0042</c>-style names.</summary>
    public static string SecretKey(int index) => $"SECRET_{index:D5}";

    /// <summary>A 40-character value, the length of a typical client secret or API key.</summary>
    public static string SecretValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    /// <summary>
    /// Reads the target through the store and opens it; throws unless it is the secret that was written, so a
    /// benchmark that reads the wrong row (or nothing) fails instead of reporting a fast time.
    /// </summary>
    public async Task<byte[]> VerifyTargetAsync(CancellationToken cancellationToken)
    {
        var stored = await Store.GetSecretAsync(FolderId, Target.Key, cancellationToken)
            ?? throw new InvalidOperationException($"The store did not return seeded secret {Target.Key}.");
        var value = await Cipher.OpenAsync(ProjectId, stored.Ciphertext, SealContext.SecretVersion(ProjectId, stored.Id, stored.Version), cancellationToken);
        if (stored.Id != Target.Id || stored.Key != Target.Key || stored.Version != 1 || value != Target.Value)
        {
            throw new InvalidOperationException($"The store returned the wrong secret for {Target.Key}.");
        }

        return stored.Ciphertext;
    }

    public async ValueTask DisposeAsync()
    {
        await UncachedStore.DisposeAsync();
        await Store.DisposeAsync();
    }
}

/// <summary>One seeded secret: its id, key and plain value.</summary>
public sealed record SeededSecret(Guid Id, string Key, string Value);
