using Keyturn.Bench.Report;
using Keyturn.Bench.Support;

namespace Keyturn.Bench.Reads;

/// <summary>
/// Secret reads over HTTP: a real `keyturn server` process holding 1,000 secrets against a bare ASP.NET Core
/// process answering the same bytes, both loaded by wrk at concurrency 1, 16 and 64. A second Keyturn process with
/// request-level audit off (a benchmark-only switch) shows what recording every read costs.
/// </summary>
public sealed class ReadBenchmark : IBenchSection
{
    private static readonly int[] Concurrencies = [1, 16, 64];

    public string Key => "reads";

    public async Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var secrets = context.Quick ? 100 : 1000;
        var duration = TimeSpan.FromSeconds(context.Quick ? 2 : 15);
        var warmup = TimeSpan.FromSeconds(context.Quick ? 1 : 3);
        var directory = context.NewDirectory("reads");

        await using var keyturn = await KeyturnServerProcess.StartAsync(context, Path.Combine(directory, "data"), null, cancellationToken);
        using var api = keyturn.CreateClient();
        context.Log($"reads: seeding {secrets} secrets");
        var projectId = await ReadSetup.SeedAsync(api, secrets, cancellationToken);
        var body = await ReadSetup.ReadBodyAsync(api, projectId, secrets, cancellationToken);
        var bodyFile = Path.Combine(directory, "body.json");
        await File.WriteAllBytesAsync(bodyFile, body, cancellationToken);
        var script = WrkScript.Write(directory, [.. Enumerable.Range(0, secrets).Select(i => ReadSetup.ReadPath(projectId, i))]);

        await using var unaudited = await KeyturnServerProcess.StartAsync(context, Path.Combine(directory, "unaudited"), null, cancellationToken, requestAudit: false);
        using var unauditedApi = unaudited.CreateClient();
        context.Log($"reads: seeding {secrets} secrets on the server without request audit");
        var unauditedProject = await ReadSetup.SeedAsync(unauditedApi, secrets, cancellationToken);
        var unauditedScript = WrkScript.Write(Directory.CreateDirectory(Path.Combine(directory, "unaudited-script")).FullName,
            [.. Enumerable.Range(0, secrets).Select(i => ReadSetup.ReadPath(unauditedProject, i))]);

        var baselineAddress = new Uri($"http://127.0.0.1:{Ports.FreeLoopbackPort()}/");
        await using var baseline = ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "Keyturn.Bench"),
            ["baseline-server", "--urls", baselineAddress.ToString().TrimEnd('/'), "--body-file", bodyFile], Path.Combine(directory, "baseline.log"));
        await KeyturnServerProcess.WaitHealthyAsync(baseline, baselineAddress, TimeSpan.FromSeconds(60), cancellationToken);

        // Tiered JIT keeps recompiling hot methods for tens of seconds under load on this kind of machine; one
        // long warm-up per server first, so the measured runs see steady-state code.
        var initialWarmup = TimeSpan.FromSeconds(context.Quick ? 2 : 20);
        context.Log($"reads: warming both servers up for {initialWarmup.TotalSeconds:F0} s each");
        await WrkRun.RunAsync(baselineAddress, 16, initialWarmup, script, null, cancellationToken);
        await WrkRun.RunAsync(keyturn.Address, 16, initialWarmup, script, keyturn.RootToken, cancellationToken);
        await WrkRun.RunAsync(unaudited.Address, 16, initialWarmup, unauditedScript, unaudited.RootToken, cancellationToken);

        var rows = new List<IReadOnlyList<string>>();
        var results = new Dictionary<(string, int), Measured>();
        foreach (var connections in Concurrencies)
        {
            // Baseline first, then Keyturn, back to back, so all see the same machine state.
            foreach (var (name, address, pid, token, lua) in new[]
            {
                ("baseline", baselineAddress, baseline.Id, (string?)null, script),
                ("keyturn", keyturn.Address, keyturn.ProcessId, keyturn.RootToken, script),
                ("unaudited", unaudited.Address, unaudited.ProcessId, unaudited.RootToken, unauditedScript),
            })
            {
                context.Log($"reads: {name} at concurrency {connections}");
                await WrkRun.RunAsync(address, connections, warmup, lua, token, cancellationToken);
                var cpuBefore = ProcessCpu.Used(pid);
                var result = await WrkRun.RunAsync(address, connections, duration, lua, token, cancellationToken);
                var cpu = ProcessCpu.Used(pid) - cpuBefore;
                if (result.Non2xx > 0 || result.SocketErrors > 0)
                {
                    throw new InvalidOperationException($"{name} at concurrency {connections}: {result.Non2xx} non-2xx answers and {result.SocketErrors} socket errors; the figures would be meaningless.");
                }

                results[(name, connections)] = new Measured(result, cpu);
            }

            var b = results[("baseline", connections)];
            var k = results[("keyturn", connections)];
            var u = results[("unaudited", connections)];
            rows.Add([connections.ToString(), "bare ASP.NET Core (baseline)", Format.Rate(b.Wrk.RequestsPerSecond), Format.Milliseconds(b.Wrk.P50Ms), Format.Milliseconds(b.Wrk.P99Ms), Format.Milliseconds(b.CpuMsPerRequest), "1.00×"]);
            rows.Add([connections.ToString(), "Keyturn, request audit off (benchmark only)", Format.Rate(u.Wrk.RequestsPerSecond), Format.Milliseconds(u.Wrk.P50Ms), Format.Milliseconds(u.Wrk.P99Ms), Format.Milliseconds(u.CpuMsPerRequest),
                Format.Ratio(u.Wrk.RequestsPerSecond / b.Wrk.RequestsPerSecond)]);
            rows.Add([connections.ToString(), "Keyturn (every read audited)", Format.Rate(k.Wrk.RequestsPerSecond), Format.Milliseconds(k.Wrk.P50Ms), Format.Milliseconds(k.Wrk.P99Ms), Format.Milliseconds(k.CpuMsPerRequest),
                Format.Ratio(k.Wrk.RequestsPerSecond / b.Wrk.RequestsPerSecond)]);
        }

        var throughputShare = results[("unaudited", 64)].Wrk.RequestsPerSecond / results[("baseline", 64)].Wrk.RequestsPerSecond;
        var auditedShare = results[("keyturn", 64)].Wrk.RequestsPerSecond / results[("baseline", 64)].Wrk.RequestsPerSecond;
        var p99At16 = results[("keyturn", 16)].Wrk.P99Ms;
        return new SectionReport(
            "Secret reads over HTTP",
            $"`GET /api/v3/secrets/raw/{{name}}` with a bearer token against a real `keyturn server` process (SQLite, {secrets:N0} secrets of 40 characters, " +
            $"each request reading the next secret in turn), loaded by wrk over keep-alive connections for {duration.TotalSeconds:F0} s after a {warmup.TotalSeconds:F0} s warm-up at the same concurrency " +
            $"(and one {initialWarmup.TotalSeconds:F0} s warm-up per server before the first run, for the JIT to settle). " +
            $"The baseline is a bare ASP.NET Core endpoint on the same route, built with the same web host settings (`KeyturnServerHost.CreateWebBuilder`) and GC mode, " +
            $"answering the same {body.Length}-byte body (Keyturn's bodies vary by a few bytes as timestamps do) with no token check, storage or crypto. " +
            "Server CPU per request is the server process's user+system time during the run divided by the requests it answered; wrk shares the same two cores. " +
            "\"Every read audited\" is the shipped server: each read's audit entry is durable (group commit, one fsync per group) before the answer is sent. " +
            "\"Request audit off\" is a second server started with the benchmark-only KEYTURN_BENCH_REQUEST_AUDIT_OFF=1, for comparison (docs/audit.md).",
            [new ReportTable(null, ["Connections", "Server", "Requests/s", "p50", "p99", "Server CPU / request", "Throughput vs baseline"], rows)],
            [
                new TargetResult("Read throughput vs bare endpoint, concurrency 64 (request audit off)", Format.Percent(throughputShare), "at least 60 %", throughputShare >= 0.60),
                new TargetResult("Read throughput with every read audited vs bare endpoint, concurrency 64", Format.Percent(auditedShare), "at least 50 %", auditedShare >= 0.50),
                new TargetResult("Read p99 latency, concurrency 16", Format.Milliseconds(p99At16), "under 5 ms", p99At16 < 5),
            ],
            []);
    }

    private sealed record Measured(WrkResult Wrk, TimeSpan Cpu)
    {
        public double CpuMsPerRequest => Cpu.TotalMilliseconds / Math.Max(1, Wrk.Requests);
    }
}
