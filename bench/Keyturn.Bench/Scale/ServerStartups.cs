using Keyturn.Bench.Support;

namespace Keyturn.Bench.Scale;

/// <summary>One start of the real server: time to the first healthy /healthz, and memory at that moment and after idling.</summary>
public sealed record ServerRun(TimeSpan Startup, MemoryBreakdown AtReady, MemoryBreakdown Idle);

/// <summary>The measured starts, and how many starts were abandoned and repeated (see <see cref="ServerStartups"/>).</summary>
public sealed record ServerStartupSeries(IReadOnlyList<ServerRun> Runs, int Abandoned);

public static class ServerStartups
{
    private const int MaxAbandoned = 3;

    /// <summary>
    /// Starts `keyturn server` on the installation <paramref name="starts"/> times in a row, each time stopping it
    /// (SIGTERM) after <paramref name="idle"/> without requests. <paramref name="check"/> runs against the last start
    /// after its memory was read, so checking requests do not count towards idle memory.
    /// </summary>
    /// <remarks>
    /// KeyturnServerProcess gives each /healthz poll 2 s and treats a poll that times out as fatal; on a loaded
    /// machine the first answer (JIT, first query) can take longer. Such a start is abandoned and repeated, and
    /// counted so the report can say its start-ups leave the slowest ones out.
    /// </remarks>
    public static async Task<ServerStartupSeries> MeasureAsync(
        BenchContext context,
        ScaleBackend backend,
        int starts,
        TimeSpan idle,
        Func<KeyturnServerProcess, CancellationToken, Task>? check,
        CancellationToken cancellationToken)
    {
        var runs = new List<ServerRun>(starts);
        var abandoned = 0;
        while (runs.Count < starts)
        {
            KeyturnServerProcess server;
            try
            {
                server = await KeyturnServerProcess.StartAsync(context, backend.DataDirectory, backend.ServerPostgres, cancellationToken);
            }
            catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested && abandoned < MaxAbandoned)
            {
                abandoned++;
                context.Log($"{backend.Name}: a /healthz poll timed out during start-up ({e.Message}); starting again");
                continue;
            }

            await using (server)
            {
                var atReady = MemoryBreakdown.Read(server.ProcessId);
                await Task.Delay(idle, cancellationToken);
                var idleMemory = MemoryBreakdown.Read(server.ProcessId);
                runs.Add(new ServerRun(server.Startup, atReady, idleMemory));
                if (runs.Count == starts && check is not null)
                {
                    await check(server, cancellationToken);
                }
            }
        }

        return new ServerStartupSeries(runs, abandoned);
    }
}
