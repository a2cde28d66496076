namespace Keyturn.Cli;

/// <summary>Reads a secret piped on stdin, so it never appears in shell history or <c>ps</c>.</summary>
internal static class StdinValue
{
    /// <summary>All of stdin minus one trailing newline (what <c>echo</c> and here-strings add).</summary>
    public static string Read(TextReader stdin, string optionName)
    {
        var text = stdin.ReadToEnd();
        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            text = text[..^2];
        }
        else if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        return text.Length > 0 ? text : throw new UsageException($"{optionName}: nothing was read from stdin");
    }
}
