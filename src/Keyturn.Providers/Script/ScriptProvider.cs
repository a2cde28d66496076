using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;
using Keyturn.Providers.Local;

namespace Keyturn.Providers.Script;

/// <summary>
/// "script" (in-place, Keeper-compatible): runs an operator's script from the scripts directory with the new password
/// (engine-generated, journaled before the run) on stdin as Keeper's base64 JSON. Exit 0 is success; the last JSON
/// object on stdout gives outputs. In NOOP mode (generatePassword false) the script makes the credential itself.
/// </summary>
public sealed class ScriptProvider(ScriptsDirectory directory, ScriptRunner runner) : RotationProvider<ScriptParameters>
{
    public const string TypeName = "script";

    /// <summary>sysexits' EX_TEMPFAIL: a verify script's way to say "not yet", retried within the verify window.</summary>
    public const int TryAgainExitCode = 75;

    private static readonly PasswordPolicy DefaultPolicy = new();

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, LocalConnectionHandler.AppName, RotationShape.InPlace, MaxSlots: 1,
        "Runs a script from the server's scripts directory with Keeper's stdin (base64 JSON: user, oldPassword, newPassword, records).",
        [.. ScriptParameters.Specs, ParameterSpec.PasswordPolicy(DefaultPolicy.Describe())],
        [
            new OutputSpec("username", "The 'user' parameter.", Required: false),
            new OutputSpec("password", "The password Keyturn generated (generatePassword true).", Required: false),
        ],
        DefaultPolicy);

    protected override ScriptParameters? Parse(Core.Providers.ParameterReader reader) => ScriptParameters.Parse(reader, directory);

    protected override RotationPlan Plan(ScriptParameters parameters) => new(1,
    [
        .. parameters.User is null ? [] : new[] { new OutputSpec("username", "The 'user' parameter.", Required: false) },
        .. parameters.GeneratePassword ? new[] { new OutputSpec("password", "The password Keyturn generated.", Required: false) } : [],
        .. parameters.Outputs.Select(o => new OutputSpec(o, "A string field of the JSON object the script prints last.", Required: false)),
    ])
    { GeneratesSecret = parameters.GeneratePassword };

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var parameters = ParametersOf(request.Context);
        var oldPassword = request.Active?.Values.GetValueOrDefault("password");
        var run = await RunAsync(request.Context, parameters.Script, "rotate", request.JobId, oldPassword, request.GeneratedSecret, null, cancellationToken);
        if (!run.IsSuccess)
        {
            return ProviderResult<IssuedCredential>.Fail(run.Error);
        }

        return Issued(parameters, run.Value, request.GeneratedSecret);
    }

    /// <summary>
    /// NOOP mode only, for recovery after a stop during the run: Keyturn never saw what the interrupted run made, so it
    /// runs the script again (without newPassword, as the first run) and takes what that run reports.
    /// </summary>
    public override async Task<ProviderResult<IssuedCredential>> ReadSlotAsync(ReadSlotRequest request, CancellationToken cancellationToken)
    {
        var parameters = ParametersOf(request.Context);
        if (parameters.GeneratePassword)
        {
            return await base.ReadSlotAsync(request, cancellationToken);
        }

        var run = await RunAsync(request.Context, parameters.Script, "rotate", null, null, null, null, cancellationToken);
        return run.IsSuccess ? Issued(parameters, run.Value, null) : ProviderResult<IssuedCredential>.Fail(run.Error);
    }

    private static ProviderResult<IssuedCredential> Issued(ScriptParameters parameters, ScriptRun result, string? generated)
    {
        if (result.ExitCode != 0)
        {
            // A script that failed may have changed the target before it did: the engine keeps the journaled value.
            return ProviderResult<IssuedCredential>.Fail(Failure(result, "The script"), transient: true);
        }

        var printed = ScriptStdout.LastObject(result.Stdout) ?? new Dictionary<string, string>();
        var missing = parameters.Outputs.Where(o => !printed.ContainsKey(o)).ToList();
        if (missing.Count > 0)
        {
            return ProviderResult<IssuedCredential>.Fail(
                $"The script exited 0 but its last JSON object on stdout has no string field {string.Join(", ", missing.Select(m => $"'{m}'"))}.", transient: true);
        }

        var values = Values(parameters, generated);
        foreach (var output in parameters.Outputs)
        {
            values[output] = printed[output];
        }

        return ProviderResult<IssuedCredential>.Ok(new IssuedCredential(parameters.User ?? TypeName, values, null));
    }

    public override async Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        var parameters = ParametersOf(request.Context);
        if (parameters.VerifyScript is null)
        {
            return ProviderResult<Verification>.Ok(Verification.Unchecked);
        }

        var run = await RunAsync(request.Context, parameters.VerifyScript, "verify", null, null, request.Credential.Values.GetValueOrDefault("password"),
            request.Credential.Values, cancellationToken);
        if (!run.IsSuccess)
        {
            return ProviderResult<Verification>.Fail(run.Error);
        }

        var result = run.Value;
        return result.ExitCode == 0
            ? ProviderResult<Verification>.Ok(Verification.Proven)
            : ProviderResult<Verification>.Fail(Failure(result, "The verify script"), transient: result.ExitCode == TryAgainExitCode);
    }

    public override IssuedCredential CredentialFor(ProviderContext context, int slot, string secret)
    {
        var parameters = ParametersOf(context);
        return new IssuedCredential(parameters.User ?? TypeName, Values(parameters, secret), null);
    }

    private static Dictionary<string, string> Values(ScriptParameters parameters, string? password)
    {
        var values = new Dictionary<string, string>();
        if (parameters.User is { } user)
        {
            values["username"] = user;
        }

        if (password is not null)
        {
            values["password"] = password;
        }

        return values;
    }

    /// <summary>Resolves the script again (a link swapped in since create is refused), reads attached secrets, runs it.</summary>
    private async Task<ProviderResult<ScriptRun>> RunAsync(ProviderContext context, string script, string action, Guid? jobId,
        string? oldPassword, string? newPassword, IReadOnlyDictionary<string, string>? outputs, CancellationToken cancellationToken)
    {
        var parameters = ParametersOf(context);
        if (directory.Resolve(script, out var rule) is not { } path)
        {
            return ProviderResult<ScriptRun>.Fail($"parameters.script '{script}' {rule}; nothing was run.");
        }

        var records = new List<SiblingSecret>();
        foreach (var name in parameters.AttachedSecrets)
        {
            if (await context.Secrets.ReadAsync(name, cancellationToken) is not { } secret)
            {
                return ProviderResult<ScriptRun>.Fail(
                    $"parameters.attachedSecrets names '{name}', which does not exist at the rotation's environment and path; nothing was run.");
            }

            records.Add(secret);
        }

        var (line, recordsBase64) = KeeperPayload.Build(context.Connection.Id, context.RotationId, parameters.User, oldPassword, newPassword, records, outputs);
        var environment = new Dictionary<string, string>
        {
            ["KEYTURN_ACTION"] = action,
            ["KEYTURN_ROTATION_ID"] = context.RotationId.ToString(),
            ["KEYTURN_SCRIPTS_DIR"] = directory.Path,
        };
        if (jobId is { } job)
        {
            environment["KEYTURN_JOB_ID"] = job.ToString();
        }

        IReadOnlyList<string?> secrets = [oldPassword, newPassword, recordsBase64, .. records.Select(r => r.Value), .. outputs?.Values ?? []];
        IReadOnlyList<string> argv = [.. parameters.Interpreter, path];
        try
        {
            return ProviderResult<ScriptRun>.Ok(
                await runner.RunAsync(argv, directory.Path, environment, line, secrets, TimeSpan.FromSeconds(parameters.TimeoutSeconds), cancellationToken));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // The process could not be started at all (no setsid, or no executable script without an interpreter).
            return ProviderResult<ScriptRun>.Fail($"The script could not be started: {e.Message}; nothing was run.");
        }
    }

    private static string Failure(ScriptRun run, string what)
    {
        var stderr = run.StderrTail.Trim();
        var said = stderr.Length > 0 ? $" Its stderr (last {ScriptRunner.StderrTailChars} characters, secrets removed): {stderr}" : " It wrote nothing to stderr.";
        return run.TimedOut
            ? $"{what} did not finish within its timeout; its whole process group was killed.{said}"
            : $"{what} exited with code {run.ExitCode}.{said}";
    }
}
