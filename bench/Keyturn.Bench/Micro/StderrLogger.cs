using BenchmarkDotNet.Loggers;

namespace Keyturn.Bench.Micro;

/// <summary>
/// BenchmarkDotNet's console logger writes hundreds of lines per benchmark to stdout, which the harness keeps clean.
/// This one passes on which benchmark is running and every error, to stderr; the full log goes to the artifacts folder,
/// which the harness deletes with the run's scratch directory.
/// </summary>
public sealed class StderrLogger : ILogger
{
    private const string BenchmarkHeader = "// Benchmark: ";

    public string Id => nameof(StderrLogger);

    public int Priority => 0;

    public void Write(LogKind logKind, string text)
    {
        if (logKind == LogKind.Error)
        {
            Console.Error.Write(text);
        }
    }

    public void WriteLine()
    {
    }

    public void WriteLine(LogKind logKind, string text)
    {
        // The in-process toolchain logs an exception from a benchmark or its setup (a failed correctness check) as
        // ordinary output, followed by less useful errors about missing results; the exception is the one that matters.
        if (logKind == LogKind.Error || text.Contains("Exception:", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"  BenchmarkDotNet: {text}");
        }
        else if (logKind == LogKind.Header && text.StartsWith(BenchmarkHeader, StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}]   {text[BenchmarkHeader.Length..]}");
        }
    }

    public void Flush() => Console.Error.Flush();
}
