using Microsoft.Extensions.Logging;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>One log call as a test server made it: every text a sink could write (message, exception, scopes, state).</summary>
internal sealed record CapturedLogLine(string Category, LogLevel Level, string Message, string? Exception, IReadOnlyList<string> Scopes, IReadOnlyList<string> StateValues)
{
    /// <summary>Each text with the name of the part it came from, as the leak report names it.</summary>
    public IEnumerable<(string Part, string Text)> Texts()
    {
        yield return ("message", Message);
        if (Exception is not null)
        {
            yield return ("exception", Exception);
        }

        foreach (var scope in Scopes)
        {
            yield return ("scope", scope);
        }

        foreach (var value in StateValues)
        {
            yield return ("state", value);
        }
    }
}
