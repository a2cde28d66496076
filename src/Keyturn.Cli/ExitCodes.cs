namespace Keyturn.Cli;

/// <summary>Process exit codes; scripts depend on these, so they never change meaning.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server answered with an error, could not be reached, or a rotation failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong; nothing was changed (at most the server's rotation types were read to check it).</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C), by the shell convention 128 + SIGINT.</summary>
    public const int Cancelled = 130;
}
