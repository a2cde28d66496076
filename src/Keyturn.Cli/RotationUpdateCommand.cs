using System.CommandLine;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn rotation update ID</c>: PATCH of a rotation of any type. Only what the user gives is sent, so everything
/// else keeps its value; <c>--map</c> renames the given outputs' secrets and keeps the rest of the mapping.
/// </summary>
internal sealed class RotationUpdateCommand : Command
{
    private readonly Option<string?> type = RotationCommands.TypeOption();
    private readonly Argument<string> id = RotationCommands.IdArgument();
    private readonly Option<string?> name = new("--name") { Description = "New name" };
    private readonly Option<string?> description = new("--description") { Description = "New description" };
    private readonly Option<int?> rotationInterval = new("--rotation-interval") { HelpName = "days", Description = "Days between rotations (1-365)" };
    private readonly Option<RotateAtUtc?> rotateAt = new("--rotate-at")
    {
        HelpName = "HH:MM", Description = "UTC time of day of scheduled rotations", CustomParser = RotationCreateCommand.ParseRotateAt,
    };

    private readonly Option<string?> schedule = new("--schedule") { HelpName = "cron", Description = "Cron schedule (UTC), instead of the interval" };
    private readonly Option<bool> noSchedule = new("--no-schedule") { Description = "Drop the cron schedule: the interval decides again" };
    private readonly Option<bool> autoRotate = new("--auto-rotate") { Description = "Rotate on the schedule" };
    private readonly Option<bool> noAutoRotate = new("--no-auto-rotate") { Description = "Stop rotating on the schedule (manual rotations only)" };
    private readonly Option<bool?> deleteProtected = new("--delete-protected")
    {
        HelpName = "true|false", Description = "Turn delete protection on or off (while on, delete is refused)",
    };

    private readonly Option<bool> keepRenamedSecrets = new("--keep-renamed-secrets")
    {
        Description = "Keep the secrets --map renames away as ordinary secrets (default: deleted)",
    };

    private readonly Option<IReadOnlyList<KeyValuePair<string, string>>> parameters = new("--param")
    {
        HelpName = "name=value",
        Description = "New value of a changeable parameter (see 'keyturn rotation types'); repeat for each",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => KeyValueTokens.Parse(result, "--param", "timeoutSeconds=60"),
    };

    private readonly Option<IReadOnlyList<KeyValuePair<string, string>>> map = new("--map")
    {
        HelpName = "output=SECRET_NAME",
        Description = "Write an output to another secret; outputs not given keep theirs",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = RotationCreateCommand.ParseMap,
    };

    public RotationUpdateCommand(CommandRunner runner)
        : base("update", "Change a secret rotation's name, schedule, changeable parameters or secret names")
    {
        Add(id);
        foreach (var option in new Option[] { type, name, description, rotationInterval, rotateAt, schedule, noSchedule, autoRotate, noAutoRotate, deleteProtected, parameters, map, keepRenamedSecrets })
        {
            Add(option);
        }

        Validators.Add(result =>
        {
            if (result.GetValue(autoRotate) && result.GetValue(noAutoRotate))
            {
                result.AddError("give at most one of --auto-rotate or --no-auto-rotate");
            }

            if (result.GetValue(schedule) is not null && result.GetValue(noSchedule))
            {
                result.AddError("give at most one of --schedule or --no-schedule");
            }

            if (result.GetValue(rotationInterval) is < 1 or > 365)
            {
                result.AddError("--rotation-interval: must be between 1 and 365 (days)");
            }

            if (result.GetValue(keepRenamedSecrets) && result.GetResult(map) is null)
            {
                result.AddError("--keep-renamed-secrets: only with --map (it decides what happens to the secrets --map renames away)");
            }
        });
        runner.SetApiAction(this, async (call, ct) =>
        {
            var found = await RotationLocator.FindAsync(call.Api, call.Parse.GetRequiredValue(id), call.Parse.GetValue(type), ct);
            var option = await RotationTypeOption.FetchAsync(call.Api, found.Type, ct);
            var body = ReadRequest(call.Parse, option, found.Response.Json["secretRotation"]?["secretsMapping"] as JsonObject);
            var response = await call.Api.PatchAsync(RotationLocator.PathOf(found.Type, call.Parse.GetRequiredValue(id)), body, ct);
            call.Output.Write(response, b => RotationView.WriteRotation(call.Output, b["secretRotation"]));
            return ExitCodes.Success;
        });
    }

    /// <summary>The PATCH body: only the fields given. Unchangeable parameters and an empty update are usage errors.</summary>
    public JsonObject ReadRequest(ParseResult parse, RotationTypeOption option, JsonObject? currentMapping)
    {
        var body = new JsonObject();
        if (parse.GetValue(name) is { } newName)
        {
            body["name"] = newName;
        }

        if (parse.GetValue(description) is { } text)
        {
            body["description"] = text;
        }

        if (parse.GetValue(autoRotate) || parse.GetValue(noAutoRotate))
        {
            body["isAutoRotationEnabled"] = parse.GetValue(autoRotate);
        }

        if (parse.GetValue(rotationInterval) is { } days)
        {
            body["rotationInterval"] = days;
        }

        if (parse.GetValue(rotateAt) is { } at)
        {
            body["rotateAtUtc"] = new JsonObject { ["hours"] = at.Hours, ["minutes"] = at.Minutes };
        }

        if (parse.GetValue(schedule) is { } cron)
        {
            body["rotationSchedule"] = cron;
        }
        else if (parse.GetValue(noSchedule))
        {
            body["rotationSchedule"] = null;
        }

        if (parse.GetValue(deleteProtected) is { } protect)
        {
            body["isDeleteProtected"] = protect;
        }

        if (parse.GetValue(parameters) is { Count: > 0 } given)
        {
            body["parameters"] = ChangeableParameters(given, option);
        }

        if (parse.GetValue(map) is { Count: > 0 } remap)
        {
            // The server replaces the mapping whole; outputs the user did not name keep their secrets.
            var mapping = currentMapping?.DeepClone().AsObject() ?? [];
            foreach (var (output, secret) in remap)
            {
                mapping[output] = secret;
            }

            body["secretsMapping"] = mapping;
            if (parse.GetValue(keepRenamedSecrets))
            {
                body["keepRenamedSecrets"] = true;
            }
        }

        return body.Count > 0
            ? body
            : throw new UsageException("nothing to change: give at least one of --name, --description, --rotation-interval, --rotate-at, --schedule, --no-schedule, --auto-rotate, --no-auto-rotate, --delete-protected, --param, --map");
    }

    private static JsonObject ChangeableParameters(IReadOnlyList<KeyValuePair<string, string>> given, RotationTypeOption option)
    {
        var converted = ParamValues.Convert(given, option);
        var changeable = option.Parameters.Where(p => p.Changeable).Select(p => p.Name).ToList();
        foreach (var (parameter, _) in converted)
        {
            if (!changeable.Contains(parameter))
            {
                throw new UsageException(
                    $"--param {parameter}: cannot be changed after creation; create a new rotation instead (changeable in {option.Type}: {(changeable.Count == 0 ? "none" : string.Join(", ", changeable))})");
            }
        }

        return converted;
    }
}
