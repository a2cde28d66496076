namespace Keyturn.Tests.Shared.Logging;

/// <summary>
/// How much each check looked at, for a suite-wide figure: with KEYTURN_LOG_CHECK_SUMMARY set to a file, each check
/// appends "kind lines values leaks" to it. Off (nothing written) unless asked for.
/// </summary>
internal static class LogCheckSummary
{
    public const string Variable = "KEYTURN_LOG_CHECK_SUMMARY";

    private static readonly Lock Gate = new();

    public static void Append(string kind, int lines, int values, int leaks)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(path, $"{kind} {lines} {values} {leaks}\n");
        }
    }
}
