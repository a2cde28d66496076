using System.Text.RegularExpressions;

namespace Keyturn.Providers.Script;

/// <summary>
/// Which interpreter argv the API may name: a known interpreter and plain flags, never a value after a flag. So the argv
/// can only run the named script, not code of its own (bash -c, python -c, node -e are refused).
/// </summary>
internal static partial class ScriptInterpreter
{
    public static readonly string[] Known = ["bash", "sh", "dash", "zsh", "python3", "python", "node", "perl", "ruby", "pwsh"];

    private static readonly string[] CodeFlags =
        ["-c", "-e", "-E", "-p", "-r", "-m", "--eval", "--print", "--require", "--import", "--command", "-command", "-encodedcommand", "--rcfile", "--init-file"];

    public const string Rule =
        "must be an interpreter name (bash, sh, dash, zsh, python3, python, node, perl, ruby or pwsh) followed by at most 4 plain flags such as -u; " +
        "flags that take code or a value (-c, -e, --eval, …) are refused";

    public static bool IsAllowed(IReadOnlyList<string> argv) =>
        argv.Count is >= 1 and <= 5
        && Known.Contains(argv[0])
        && argv.Skip(1).All(flag => Flag().IsMatch(flag) && !CodeFlags.Contains(flag, StringComparer.OrdinalIgnoreCase));

    [GeneratedRegex("^--?[A-Za-z][A-Za-z0-9-]{0,30}$")]
    private static partial Regex Flag();
}
