using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>What a command action gets: its parsed line, a ready client, and where to write.</summary>
internal sealed record ApiCall(ParseResult Parse, ApiClient Api, OutputWriter Output, CliContext Context)
{
    /// <summary>Reports a failure the server answered with success (e.g. a failed rotation attempt).</summary>
    public int Fail(string message)
    {
        Context.Error.WriteLine($"error: {message}");
        return ExitCodes.Failure;
    }
}
