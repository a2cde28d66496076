using System.Diagnostics;
using System.Threading.Channels;
using Keyturn.Core.Crypto;
using Keyturn.Core.Storage;

namespace Keyturn.Bench.Scale;

/// <summary>What seeding wrote and how long it took.</summary>
public sealed record SeedResult(TimeSpan Elapsed, DateTimeOffset Now, IReadOnlyList<SeedSample> Samples);

/// <summary>
/// Fills an initialised installation with <see cref="ScaleShape"/>'s data. Projects, environments, connections and
/// data keys go through the store contract; the bulk (folders, rotations, secrets, versions, slots, jobs, journal)
/// goes in with batched inserts (SQLite) or binary COPY (PostgreSQL), because one store transaction per version
/// would take far longer than the section may. Sealing and writing run on separate threads, a batch apart.
/// </summary>
public static class BulkSeeder
{
    private const int RotationsPerBatch = 2_000;

    public static async Task<SeedResult> SeedAsync(
        ScaleBackend backend, IKeyturnStore store, EnvelopeCipher cipher, ScaleShape shape, Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // Millisecond precision, as the store keeps times.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var projects = await ProjectSeed.CreateAsync(store, cipher, shape.Projects, now - TimeSpan.FromDays(500), cancellationToken);
        var generator = new SeedGenerator(shape, projects, cipher, now, [0, 1, shape.Rotations - 1]);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<SeedBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(generator, shape, batches.Writer, stop.Token), stop.Token);
        try
        {
            await using var writer = await backend.OpenBulkWriterAsync(stop.Token);
            var written = 0;
            var reportEvery = Math.Max(shape.Rotations / 10, 1);
            var nextReport = reportEvery;
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                await writer.WriteAsync(batch, stop.Token);
                written += batch.Rows(SeedTable.Rotations).Count;
                if (written >= nextReport)
                {
                    nextReport = (written / reportEvery + 1) * reportEvery;
                    log($"  {backend.Name}: {written:N0} of {shape.Rotations:N0} rotations written ({clock.Elapsed.TotalSeconds:F0} s)");
                }
            }

            await producer;
        }
        finally
        {
            // A failed writer must not leave the producer blocked on a full channel.
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await backend.SettleAsync(cancellationToken);
        return new SeedResult(clock.Elapsed, now, generator.Samples);
    }

    private static async Task ProduceAsync(SeedGenerator generator, ScaleShape shape, ChannelWriter<SeedBatch> batches, CancellationToken cancellationToken)
    {
        try
        {
            for (var first = 0; first < shape.Rotations; first += RotationsPerBatch)
            {
                var batch = await generator.BatchAsync(first, Math.Min(RotationsPerBatch, shape.Rotations - first), cancellationToken);
                await batches.WriteAsync(batch, cancellationToken);
            }

            batches.Complete();
        }
        catch (Exception e)
        {
            batches.Complete(e);
            throw;
        }
    }
}
