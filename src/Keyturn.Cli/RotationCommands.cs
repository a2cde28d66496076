using System.CommandLine;
using System.Globalization;

namespace Keyturn.Cli;

/// <summary><c>keyturn rotation create|types|list|get|rotate|delete|credentials</c>.</summary>
internal static class RotationCommands
{
    /// <summary>The type the commands that take <c>--type</c> assume when it is left out.</summary>
    public const string DefaultType = "azure-client-secret";

    private const string BasePath = "api/v2/secret-rotations";

    public static Command Build(CommandRunner runner) =>
        new("rotation", "Manage secret rotations (a cloud credential rotated on a schedule into project secrets)")
        {
            new RotationCreateCommand(runner),
            Types(runner),
            List(runner),
            Get(runner),
            Rotate(runner),
            Delete(runner),
            Credentials(runner),
        };

    private static Command Types(CommandRunner runner)
    {
        var types = new Command("types", "List the rotation types the server offers, with their parameters and outputs");
        runner.SetApiAction(types, async (call, ct) =>
        {
            var response = await call.Api.GetAsync(RotationTypeOption.OptionsPath, ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["TYPE", "CONNECTION", "SHAPE", "SLOTS", "PARAMETERS", "OUTPUTS"],
                RotationTypeOption.ListFrom(body).Select(t => (IReadOnlyList<string>)
                [
                    t.Type, t.Connection, t.Shape, t.MaxSlots.ToString(CultureInfo.InvariantCulture), t.DescribeParameters(), t.DescribeOutputs(),
                ])));
            return ExitCodes.Success;
        });
        return types;
    }

    private static Command List(CommandRunner runner)
    {
        var projectId = new Option<string>("--project-id") { Description = "Project id", Required = true };
        var list = new Command("list", "List a project's secret rotations") { projectId };
        runner.SetApiAction(list, async (call, ct) =>
        {
            var path = ApiPath.WithQuery(BasePath, ("projectId", call.Parse.GetRequiredValue(projectId)));
            var response = await call.Api.GetAsync(path, ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                RotationView.ListHeaders,
                JsonText.Items(body, "secretRotations").Select(RotationView.ListRow)));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Get(CommandRunner runner)
    {
        var (type, id) = (TypeOption(), IdArgument());
        var get = new Command("get", "Show one secret rotation") { type, id };
        runner.SetApiAction(get, async (call, ct) =>
        {
            var response = await call.Api.GetAsync(RotationPath(call, type, id), ct);
            call.Output.Write(response, body => RotationView.WriteRotation(call.Output, body["secretRotation"]));
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command Rotate(CommandRunner runner)
    {
        var (type, id) = (TypeOption(), IdArgument());
        var rotate = new Command("rotate", "Rotate now; exits 1 if the attempt failed") { type, id };
        runner.SetApiAction(rotate, async (call, ct) =>
        {
            var response = await call.Api.PostAsync($"{RotationPath(call, type, id)}/rotate-secrets", null, ct);
            var rotation = response.Json["secretRotation"];
            call.Output.Write(response, _ => RotationView.WriteRotation(call.Output, rotation));
            // The server answers 200 with the attempt's outcome; a failed attempt must still fail the script.
            return JsonText.Of(rotation, "rotationStatus") == "failed"
                ? call.Fail($"rotation failed: {JsonText.Of(rotation, "lastRotationMessage")}")
                : ExitCodes.Success;
        });
        return rotate;
    }

    private static Command Delete(CommandRunner runner)
    {
        var (type, id) = (TypeOption(), IdArgument());
        var deleteSecrets = new Option<bool>("--delete-secrets") { Description = "Also delete the mapped secrets" };
        var revoke = new Option<bool>("--revoke-generated-credentials") { Description = "Also revoke the client secrets the rotation created" };
        var delete = new Command("delete", "Delete a secret rotation") { type, id, deleteSecrets, revoke };
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var path = ApiPath.WithQuery(
                RotationPath(call, type, id),
                ("deleteSecrets", Bool(call.Parse.GetValue(deleteSecrets))),
                ("revokeGeneratedCredentials", Bool(call.Parse.GetValue(revoke))));
            var response = await call.Api.DeleteAsync(path, ct);
            call.Output.Write(response, _ => call.Output.WriteLine($"deleted secret rotation {call.Parse.GetRequiredValue(id)}"));
            return ExitCodes.Success;
        });
        return delete;
    }

    private static Command Credentials(CommandRunner runner)
    {
        var (type, id) = (TypeOption(), IdArgument());
        var showSecrets = new Option<bool>("--show-secrets") { Description = "Include client secrets in the table (json always has them)" };
        var credentials = new Command("credentials", "Show the credentials the rotation generated, one per slot") { type, id, showSecrets };
        runner.SetApiAction(credentials, async (call, ct) =>
        {
            var response = await call.Api.GetAsync($"{RotationPath(call, type, id)}/generated-credentials", ct);
            var show = call.Parse.GetValue(showSecrets);
            call.Output.Write(response, body =>
            {
                var active = JsonText.Of(body, "activeIndex");
                string[] headers = show ? ["SLOT", "ACTIVE", "KEY ID", "CLIENT ID", "CLIENT SECRET"] : ["SLOT", "ACTIVE", "KEY ID", "CLIENT ID"];
                call.Output.WriteTable(headers, JsonText.Items(body, "generatedCredentials").Select((c, index) =>
                {
                    var slot = index.ToString(CultureInfo.InvariantCulture);
                    IReadOnlyList<string> row =
                    [
                        slot,
                        slot == active ? "*" : "",
                        JsonText.Of(c, "keyId"),
                        JsonText.Of(c, "clientId"),
                    ];
                    return show ? [.. row, JsonText.Of(c, "clientSecret")] : row;
                }));
            });
            return ExitCodes.Success;
        });
        return credentials;
    }

    private static Option<string> TypeOption() => new("--type")
    {
        Description = "Rotation type",
        DefaultValueFactory = _ => DefaultType,
    };

    private static Argument<string> IdArgument() => new("ID") { Description = "Secret rotation id" };

    private static string RotationPath(ApiCall call, Option<string> type, Argument<string> id) =>
        $"{BasePath}/{ApiPath.Segment(call.Parse.GetRequiredValue(type))}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}";

    private static string Bool(bool value) => value ? "true" : "false";
}
