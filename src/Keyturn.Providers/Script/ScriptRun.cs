namespace Keyturn.Providers.Script;

/// <summary>How one run ended. <see cref="Stdout"/> may hold secrets (the outputs); <see cref="StderrTail"/> is already scrubbed.</summary>
/// <param name="ExitCode">Null when the run was killed at its timeout.</param>
public sealed record ScriptRun(int? ExitCode, string Stdout, string StderrTail)
{
    public bool TimedOut => ExitCode is null;
}
