namespace Keyturn.Bench.Scale;

/// <summary>Writes seed batches straight into the backend's tables, bypassing the store for speed.</summary>
public interface IBulkWriter : IAsyncDisposable
{
    Task WriteAsync(SeedBatch batch, CancellationToken cancellationToken);
}
