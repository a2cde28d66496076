using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>
/// Keeps every log line of one test server in memory, at Trace for every category (its own filter rule, see
/// <see cref="LogLeakCheckRegistration"/>), and checks them against the server's recorded secrets when the
/// container disposes it: the last thing a stopping host does, so shutdown logging is checked too.
/// </summary>
internal sealed class CapturingLoggerProvider(SecretValueRecorder recorder) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLogLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private int _disposed;

    public IReadOnlyCollection<CapturedLogLine> Lines => _lines;

    public SecretValueRecorder Recorder => recorder;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Forgets what was captured: for the test that leaks on purpose, after it checked the leak was found.</summary>
    public void Clear() => _lines.Clear();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        var leaks = LogLeakCheck.Find(_lines, recorder.Values);
        LogCheckSummary.Append("host", _lines.Count, recorder.Values.Count, leaks.Count);
        if (leaks.Count > 0)
        {
            throw new LogLeakException(LogLeakCheck.Describe(leaks, _lines.Count, recorder.Values.Count));
        }
    }

    private sealed class CapturingLogger(string category, CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            provider._scopes.ForEachScope(static (scope, list) => AddTexts(scope, list), scopes);
            var values = new List<string>();
            AddValues(state, values);
            provider._lines.Enqueue(new CapturedLogLine(category, logLevel, formatter(state, exception), exception?.ToString(), scopes, values));
        }

        private static void AddTexts(object? scope, List<string> texts)
        {
            if (scope?.ToString() is { } text)
            {
                texts.Add(text);
            }

            AddValues(scope, texts);
        }

        // Structured values reach sinks (JSON console, OpenTelemetry) even when the message template leaves them out.
        private static void AddValues(object? state, List<string> texts)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                texts.AddRange(pairs.Select(p => p.Value?.ToString()).OfType<string>());
            }
        }
    }
}
