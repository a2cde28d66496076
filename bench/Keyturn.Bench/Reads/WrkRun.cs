using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Keyturn.Bench.Reads;

/// <summary>What one wrk run measured.</summary>
public sealed record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long SocketErrors);

/// <summary>
/// Runs wrk (C, epoll, keep-alive connections) as a separate process: it costs the server far less CPU than a
/// managed load client would on a 2-core machine, and both servers under test face the same generator.
/// </summary>
public static partial class WrkRun
{
    public static async Task<WrkResult> RunAsync(Uri url, int connections, TimeSpan duration, string luaScript, string? bearerToken, CancellationToken cancellationToken)
    {
        // One wrk thread per 32 connections, at most two: on 2 cores more threads only steal CPU from the server.
        var threads = Math.Clamp(connections / 32, 1, 2);
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t", threads.ToString(), "-c", connections.ToString(), "-d", $"{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s", "-s", luaScript })
        {
            info.ArgumentList.Add(argument);
        }

        if (bearerToken is not null)
        {
            info.ArgumentList.Add("-H");
            info.ArgumentList.Add($"Authorization: Bearer {bearerToken}");
        }

        info.ArgumentList.Add(url.ToString());
        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await stderr}{await stdout}");
        }

        return Parse(await stdout);
    }

    /// <summary>Reads wrk's `--latency` report. Fails on anything it does not recognise rather than reporting zeros.</summary>
    public static WrkResult Parse(string output)
    {
        var requests = RequestsLine().Match(output);
        var rps = RpsLine().Match(output);
        var p50 = Percentile(output, "50");
        var p99 = Percentile(output, "99");
        if (!requests.Success || !rps.Success || p50 is null || p99 is null)
        {
            throw new FormatException($"Unexpected wrk output:\n{output}");
        }

        var non2xx = Non2xxLine().Match(output);
        var socket = SocketErrorsLine().Match(output);
        var socketErrors = socket.Success
            ? socket.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            p50.Value, p99.Value,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors);
    }

    private static double? Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return null;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            _ => value * 1000,
        };
    }

    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"^\s*Non-2xx or 3xx responses: (\d+)", RegexOptions.Multiline)]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
