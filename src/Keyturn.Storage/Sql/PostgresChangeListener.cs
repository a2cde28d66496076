using Keyturn.Storage.Caching;
using Npgsql;

namespace Keyturn.Storage.Sql;

/// <summary>
/// Keeps a PostgreSQL node's read cache coherent with writes made by other nodes: one connection LISTENs on
/// <see cref="Channel"/>, every write transaction NOTIFYs it on commit, and each notification empties the cache.
/// The cache is enabled only while this connection is up; when it drops (server restart, network) the cache is
/// switched off, so reads go to the database, until LISTEN is re-established. A notification reaches other nodes
/// a few milliseconds after the commit, which bounds how stale another node's read can be.
/// </summary>
internal sealed class PostgresChangeListener : IAsyncDisposable
{
    public const string Channel = "keyturn_changes";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private PostgresChangeListener(string connectionString, ReadCache cache)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Its own unpooled connection, with TCP keepalives so a silently dead link is noticed and the cache turned off.
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = "keyturn-change-listener",
        };
        _loop = Task.Run(() => RunAsync(builder.ConnectionString, cache, _stop.Token));
    }

    public static PostgresChangeListener Start(string connectionString, ReadCache cache) => new(connectionString, cache);

    private static async Task RunAsync(string connectionString, ReadCache cache, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => cache.Invalidate();
                await connection.OpenAsync(cancellationToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                // Writes made while we were not listening are covered: enabling starts from an empty cache.
                cache.SetEnabled(true);
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                cache.SetEnabled(false);
                try
                {
                    await Task.Delay(RetryDelay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            finally
            {
                cache.SetEnabled(false);
            }
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        // The server's container hands one store out under several interfaces and disposes it once per registration.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
