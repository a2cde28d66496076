using System.Text.RegularExpressions;
using Keyturn.Core.Providers;
using Keyturn.Core.Validation;

namespace Keyturn.Providers.Script;

/// <summary>The parameters of a script rotation, checked once (the script's path again before every run).</summary>
/// <param name="Script">A file name relative to the scripts directory.</param>
/// <param name="Interpreter">Empty: the script is executed itself (executable bit and shebang).</param>
/// <param name="GeneratePassword">False is Keeper's NOOP mode: the script makes the new credential itself.</param>
/// <param name="Outputs">String fields of the JSON object the script prints last, mappable into secrets.</param>
/// <param name="VerifyScript">Run after a change with the new value; exit 0 proves it. Null: nothing to verify with.</param>
public sealed partial record ScriptParameters(
    string Script,
    IReadOnlyList<string> Interpreter,
    string? User,
    bool GeneratePassword,
    IReadOnlyList<string> AttachedSecrets,
    int TimeoutSeconds,
    IReadOnlyList<string> Outputs,
    string? VerifyScript)
{
    public const int DefaultTimeoutSeconds = 60;
    public const int MaxTimeoutSeconds = 3600;
    public const string OutputRule = "must be names of 1 to 64 letters, digits and '_' starting with a letter or '_', other than 'username'";

    public static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.String("script", true, "must name a file in the server's scripts directory (--scripts-dir); paths that leave it ('..', symlinks) are refused",
            "The script to run, relative to the scripts directory.", changeable: true),
        new("interpreter", "string[]", false, ScriptInterpreter.Rule, "The interpreter argv the script is passed to, e.g. [\"bash\"]. Default: run the script itself.", Changeable: true),
        ParameterSpec.String("user", false, "must be 1 to 256 characters", "The account the script rotates (Keeper's 'user'); mapped as output 'username'."),
        new("generatePassword", "boolean", false, "must be true or false",
            "true (default): Keyturn generates newPassword; false: NOOP mode, the script makes the credential itself and prints it."),
        new("attachedSecrets", "string[]", false, Rules.SecretKeyRule,
            "Secrets at the rotation's environment and path passed to the script in 'records' (e.g. an admin API token).", Changeable: true),
        new("timeoutSeconds", "integer", false, $"must be between 1 and {MaxTimeoutSeconds}",
            $"How long a run may take before its whole process group is killed. Default {DefaultTimeoutSeconds}.", Changeable: true),
        new("outputs", "string[]", false, OutputRule, "String fields of the JSON object the script prints last on stdout; each may be mapped into a secret."),
        ParameterSpec.String("verifyScript", false, "must name a file in the server's scripts directory, like script",
            "A script that proves the new credential works (exit 0); exit 75 means not yet, try again. Default: none (the change is trusted).", changeable: true),
    ];

    public static ScriptParameters? Parse(ParameterReader reader, ScriptsDirectory directory)
    {
        var errors = reader.Errors;
        var script = reader.String("script");
        if (script is not null && directory.Resolve(script, out var rule) is null)
        {
            errors.Add("script", rule);
        }

        var verifyScript = reader.String("verifyScript");
        if (verifyScript is not null && directory.Resolve(verifyScript, out var verifyRule) is null)
        {
            errors.Add("verifyScript", verifyRule);
        }

        var interpreter = reader.Strings("interpreter");
        if (interpreter is not null && !ScriptInterpreter.IsAllowed(interpreter))
        {
            errors.Add("interpreter", ScriptInterpreter.Rule);
        }

        var user = reader.String("user");
        if (user is { Length: > 256 })
        {
            errors.Add("user", "must be 1 to 256 characters");
        }

        var generate = reader.Bool("generatePassword") ?? true;
        var attached = reader.Strings("attachedSecrets") ?? [];
        if (attached.Any(name => !Rules.IsSecretKey(name)) || attached.Count > 32)
        {
            errors.Add("attachedSecrets", $"{Rules.SecretKeyRule}; at most 32 names");
        }

        var timeout = reader.Int("timeoutSeconds") ?? DefaultTimeoutSeconds;
        if (timeout is < 1 or > MaxTimeoutSeconds)
        {
            errors.Add("timeoutSeconds", $"must be between 1 and {MaxTimeoutSeconds}");
        }

        var outputs = reader.Strings("outputs") ?? [];
        if (outputs.Any(o => !OutputName().IsMatch(o) || o == "username") || outputs.Distinct().Count() != outputs.Count)
        {
            errors.Add("outputs", OutputRule + ", each once");
        }
        else if (generate && outputs.Contains("password"))
        {
            errors.Add("outputs", "must not name 'password' while generatePassword is true: the generated password is that output");
        }
        else if (!generate && outputs.Count == 0 && user is null)
        {
            errors.Add("outputs", "must name at least one output (or give a user) in NOOP mode (generatePassword false), so there is something to map");
        }

        return script is null ? null : new ScriptParameters(script, interpreter ?? [], user, generate, attached, timeout, outputs, verifyScript);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex OutputName();
}
