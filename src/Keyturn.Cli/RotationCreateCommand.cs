using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Time of day (UTC) at which scheduled rotations run.</summary>
internal sealed record RotateAtUtc(int Hours, int Minutes);

/// <summary>
/// <c>keyturn rotation create TYPE --param name=value … --map output=SECRET_NAME …</c> for every rotation type. The
/// type's parameters and outputs come from the server's options route, so a new provider needs no CLI change.
/// </summary>
internal sealed class RotationCreateCommand : Command
{
    private readonly Argument<string> type = new("TYPE") { Description = "Rotation type (see 'keyturn rotation types')" };
    private readonly Option<string> name = new("--name") { Description = "Rotation name", Required = true };
    private readonly Option<string> projectId = new("--project-id") { Description = "Project id", Required = true };
    private readonly Option<string?> description = new("--description") { Description = "Free text" };
    private readonly Option<string> connectionId = new("--connection-id") { Description = "App connection id (of the type's connection app)", Required = true };
    private readonly Option<string> environment = new("--environment", "--env") { Description = "Environment slug, e.g. dev", Required = true };
    private readonly Option<string> secretPath = new("--secret-path", "--path") { Description = "Folder the mapped secrets live in", DefaultValueFactory = _ => "/" };
    private readonly Option<bool?> autoRotation = new("--auto-rotation") { HelpName = "true|false", Description = "Rotate on a schedule: true|false [default: server's]" };
    private readonly Option<int?> rotationInterval = new("--rotation-interval") { HelpName = "days", Description = "Days between rotations [default: server's]" };
    private readonly Option<RotateAtUtc?> rotateAt = new("--rotate-at") { HelpName = "HH:MM", Description = "UTC time of day HH:MM [default: server's]", CustomParser = ParseRotateAt };
    private readonly Option<string?> schedule = new("--schedule") { HelpName = "cron", Description = "Cron schedule (UTC), instead of an interval" };
    private readonly Option<bool?> deleteProtected = new("--delete-protected") { HelpName = "true|false", Description = "Refuse deletes until turned off [default: false]" };

    private readonly Option<IReadOnlyList<KeyValuePair<string, string>>> parameters = new("--param")
    {
        HelpName = "name=value",
        Description = "A parameter of the type; repeat for each (lists: repeat or comma-separate; objects: JSON text)",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => KeyValueTokens.Parse(result, "--param", "objectId=00000000-0000-0000-0000-000000000000"),
    };

    private readonly Option<IReadOnlyList<KeyValuePair<string, string>>> map = new("--map")
    {
        HelpName = "output=SECRET_NAME",
        Description = "Secret an output is written to; repeat for each output",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = ParseMap,
    };

    public RotationCreateCommand(CommandRunner runner)
        : base("create", "Create a secret rotation of any type")
    {
        Add(type);
        foreach (var option in new Option[] { name, projectId, description, connectionId, environment, secretPath, autoRotation, rotationInterval, rotateAt, schedule, deleteProtected, parameters, map })
        {
            Add(option);
        }

        rotationInterval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--rotation-interval: must be at least 1 (days)");
            }
        });
        runner.SetApiAction(this, async (call, ct) =>
        {
            var option = await RotationTypeOption.FetchAsync(call.Api, call.Parse.GetRequiredValue(type), ct);
            var response = await call.Api.PostAsync($"api/v2/secret-rotations/{ApiPath.Segment(option.Type)}", ReadRequest(call.Parse, option), ct);
            call.Output.Write(response, body => RotationView.WriteRotation(call.Output, body["secretRotation"]));
            return ExitCodes.Success;
        });
    }

    /// <summary>The create body; flags left out stay out so server defaults apply. Unknown parameters and outputs throw <see cref="UsageException"/>.</summary>
    public JsonObject ReadRequest(ParseResult parse, RotationTypeOption option)
    {
        var body = new JsonObject
        {
            ["name"] = parse.GetRequiredValue(name),
            ["projectId"] = parse.GetRequiredValue(projectId),
        };
        if (parse.GetValue(description) is { } text)
        {
            body["description"] = text;
        }

        body["connectionId"] = parse.GetRequiredValue(connectionId);
        body["environment"] = parse.GetRequiredValue(environment);
        body["secretPath"] = parse.GetRequiredValue(secretPath);
        if (parse.GetValue(autoRotation) is { } auto)
        {
            body["isAutoRotationEnabled"] = auto;
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

        if (parse.GetValue(deleteProtected) is { } protect)
        {
            body["isDeleteProtected"] = protect;
        }

        var converted = ParamValues.Convert(parse.GetValue(parameters) ?? [], option);
        body["parameters"] = converted;
        body["secretsMapping"] = Mapping(parse.GetRequiredValue(map), option, converted);
        return body;
    }

    private static JsonObject Mapping(IReadOnlyList<KeyValuePair<string, string>> mapping, RotationTypeOption option, JsonObject parameters)
    {
        // A type whose outputs depend on the rotation (a script's) takes them in its "outputs" parameter: those are outputs too.
        IReadOnlyList<string> outputs =
        [
            .. option.Outputs.Select(o => o.Name),
            .. parameters["outputs"] is JsonArray declared ? declared.Select(d => d?.GetValue<string>()).OfType<string>() : [],
        ];
        var result = new JsonObject();
        foreach (var (output, secret) in mapping)
        {
            if (!outputs.Contains(output))
            {
                throw new UsageException($"--map: '{output}' is not an output of {option.Type} (outputs: {string.Join(", ", outputs)})");
            }

            result[output] = secret;
        }

        return result;
    }

    internal static RotateAtUtc? ParseRotateAt(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        var parts = text.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours is >= 0 and <= 23
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 0 and <= 59
            && parts[1].Length == 2)
        {
            return new RotateAtUtc(hours, minutes);
        }

        result.AddError($"--rotate-at: '{text}' is not a UTC time of day HH:MM (e.g. 00:00 or 13:30)");
        return null;
    }

    // Which outputs exist is the server's to say (checked once the type is known); the shape of each pair is checked here.
    internal static IReadOnlyList<KeyValuePair<string, string>> ParseMap(ArgumentResult result)
    {
        var mapping = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var separator = token.Value.IndexOf('=');
            if (separator <= 0 || separator == token.Value.Length - 1)
            {
                result.AddError($"--map: '{token.Value}' is not output=SECRET_NAME (e.g. clientSecret=AZURE_CLIENT_SECRET)");
                continue;
            }

            var output = token.Value[..separator];
            if (mapping.Any(m => m.Key == output))
            {
                result.AddError($"--map: output '{output}' is mapped more than once");
                continue;
            }

            mapping.Add(KeyValuePair.Create(output, token.Value[(separator + 1)..]));
        }

        return mapping;
    }
}
