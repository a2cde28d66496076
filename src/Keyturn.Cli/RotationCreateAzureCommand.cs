using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v2/secret-rotations/azure-client-secret</c>; null members are left out so server defaults apply.</summary>
internal sealed record CreateAzureClientSecretRotationRequest(
    string Name,
    string ProjectId,
    string? Description,
    string ConnectionId,
    string Environment,
    string SecretPath,
    bool? IsAutoRotationEnabled,
    int? RotationInterval,
    RotateAtUtc? RotateAtUtc,
    string? RotationSchedule,
    AzureClientSecretRotationParameters Parameters,
    IReadOnlyDictionary<string, string> SecretsMapping);

/// <summary>Time of day (UTC) at which scheduled rotations run.</summary>
internal sealed record RotateAtUtc(int Hours, int Minutes);

internal sealed record AzureClientSecretRotationParameters(string ObjectId, string ClientId, string? AppName);

/// <summary><c>keyturn rotation create azure-client-secret</c>: rotate an Entra ID app registration's client secret.</summary>
internal sealed class RotationCreateAzureCommand : Command
{
    public const string Type = "azure-client-secret";

    /// <summary>The credential fields this rotation writes, each to a secret the user names with <c>--map</c>.</summary>
    private static readonly string[] MappableFields = ["clientId", "clientSecret"];

    private readonly Option<string> name = new("--name") { Description = "Rotation name", Required = true };
    private readonly Option<string> projectId = new("--project-id") { Description = "Project id", Required = true };
    private readonly Option<string?> description = new("--description") { Description = "Free text" };
    private readonly Option<string> connectionId = new("--connection-id") { Description = "Azure app connection id", Required = true };
    private readonly Option<string> environment = new("--environment", "--env") { Description = "Environment slug, e.g. dev", Required = true };
    private readonly Option<string> secretPath = new("--secret-path", "--path") { Description = "Folder the mapped secrets live in", DefaultValueFactory = _ => "/" };
    private readonly Option<bool?> autoRotation = new("--auto-rotation") { HelpName = "true|false", Description = "Rotate on a schedule: true|false [default: server's]" };
    private readonly Option<int?> rotationInterval = new("--rotation-interval") { HelpName = "days", Description = "Days between rotations [default: server's]" };
    private readonly Option<RotateAtUtc?> rotateAt = new("--rotate-at") { HelpName = "HH:MM", Description = "UTC time of day HH:MM [default: server's]", CustomParser = ParseRotateAt };

    private readonly Option<string?> schedule = new("--schedule")
    {
        HelpName = "cron",
        Description = "Rotate on a cron schedule in UTC instead of an interval, e.g. \"0 2 * * SUN#1\" (first Sunday of the month at 02:00); checked by the server",
    };
    private readonly Option<string> objectId = new("--object-id") { Description = "Object id of the app registration whose secret rotates", Required = true };
    private readonly Option<string> clientId = new("--client-id") { Description = "Application (client) id of that app registration", Required = true };
    private readonly Option<string?> appName = new("--app-name") { Description = "Its display name, for people reading the rotation" };

    private readonly Option<IReadOnlyDictionary<string, string>> map = new("--map")
    {
        HelpName = "field=SECRET_NAME",
        Description = "Secret each credential field is written to; give one for clientId and one for clientSecret",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = ParseMap,
    };

    public RotationCreateAzureCommand(CommandRunner runner)
        : base(Type, "Rotate an Entra ID app registration's client secret")
    {
        foreach (var option in new Option[] { name, projectId, description, connectionId, environment, secretPath, autoRotation, rotationInterval, rotateAt, schedule, objectId, clientId, appName, map })
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
            var response = await call.Api.PostAsync($"api/v2/secret-rotations/{Type}", ReadRequest(call.Parse), ct);
            call.Output.Write(response, body => RotationView.WriteRotation(call.Output, body["secretRotation"]));
            return ExitCodes.Success;
        });
    }

    public CreateAzureClientSecretRotationRequest ReadRequest(ParseResult parse) => new(
        parse.GetRequiredValue(name),
        parse.GetRequiredValue(projectId),
        parse.GetValue(description),
        parse.GetRequiredValue(connectionId),
        parse.GetRequiredValue(environment),
        parse.GetRequiredValue(secretPath),
        parse.GetValue(autoRotation),
        parse.GetValue(rotationInterval),
        parse.GetValue(rotateAt),
        parse.GetValue(schedule),
        new AzureClientSecretRotationParameters(parse.GetRequiredValue(objectId), parse.GetRequiredValue(clientId), parse.GetValue(appName)),
        parse.GetRequiredValue(map));

    private static RotateAtUtc? ParseRotateAt(ArgumentResult result)
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

    private static IReadOnlyDictionary<string, string> ParseMap(ArgumentResult result)
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        var wellFormed = true;
        foreach (var token in result.Tokens)
        {
            var separator = token.Value.IndexOf('=');
            if (separator <= 0 || separator == token.Value.Length - 1)
            {
                result.AddError($"--map: '{token.Value}' is not field=SECRET_NAME (e.g. clientSecret=AZURE_CLIENT_SECRET)");
                wellFormed = false;
                continue;
            }

            var field = token.Value[..separator];
            if (!MappableFields.Contains(field, StringComparer.Ordinal))
            {
                result.AddError($"--map: unknown field '{field}' ({Type} maps {string.Join(", ", MappableFields)})");
                wellFormed = false;
            }
            else if (!mapping.TryAdd(field, token.Value[(separator + 1)..]))
            {
                result.AddError($"--map: field '{field}' is mapped more than once");
            }
        }

        var missing = MappableFields.Where(f => !mapping.ContainsKey(f)).ToArray();
        // Only worth saying once every given mapping was understood; otherwise it repeats the first error.
        if (missing.Length > 0 && wellFormed)
        {
            result.AddError($"--map: {string.Join(", ", missing)} not mapped (every field needs a secret name)");
        }

        return mapping;
    }
}
