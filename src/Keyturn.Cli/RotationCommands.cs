using System.CommandLine;
using System.Globalization;

namespace Keyturn.Cli;

/// <summary><c>keyturn rotation create|types|list|get|update|rotate|delete|credentials|reconcile|history</c>; <c>--type</c> is found from the id when left out.</summary>
internal static class RotationCommands
{
    private const string BasePath = RotationLocator.BasePath;

    public static Command Build(CommandRunner runner) =>
        new("rotation", "Manage secret rotations (a cloud credential rotated on a schedule into project secrets)")
        {
            new RotationCreateCommand(runner),
            Types(runner),
            List(runner),
            Get(runner),
            new RotationUpdateCommand(runner),
            Rotate(runner),
            Delete(runner),
            Credentials(runner),
            new RotationReconcileCommand(runner),
            new RotationHistoryCommand(runner),
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
            var found = await RotationLocator.FindAsync(call.Api, call.Parse.GetRequiredValue(id), call.Parse.GetValue(type), ct);
            call.Output.Write(found.Response, body => RotationView.WriteRotation(call.Output, body["secretRotation"]));
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
            var response = await WithTypeAsync(call, type, id, path => call.Api.PostAsync($"{path}/rotate-secrets", null, ct), ct);
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
        var revoke = new Option<bool>("--revoke-generated-credentials") { Description = "Also revoke the client secrets the rotation created (with --delete-secrets, or --force)" };
        var force = new Option<bool>("--force") { Description = "Revoke even though the kept secrets then hold revoked values (consumers reading them break)" };
        var delete = new Command("delete", "Delete a secret rotation (refused while it is delete-protected)") { type, id, deleteSecrets, revoke, force };
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var response = await WithTypeAsync(call, type, id, path => call.Api.DeleteAsync(ApiPath.WithQuery(
                path,
                ("deleteSecrets", Bool(call.Parse.GetValue(deleteSecrets))),
                ("revokeGeneratedCredentials", Bool(call.Parse.GetValue(revoke))),
                ("force", call.Parse.GetValue(force) ? "true" : null)), ct), ct);
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
            var response = await WithTypeAsync(call, type, id, path => call.Api.GetAsync($"{path}/generated-credentials", ct), ct);
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

    internal static Option<string?> TypeOption() => new("--type")
    {
        Description = "Rotation type [default: found from the id]",
    };

    internal static Argument<string> IdArgument() => new("ID") { Description = "Secret rotation id" };

    /// <summary>
    /// Runs <paramref name="send"/> on the rotation's path. An explicit <c>--type</c> is used as given (one request), and a
    /// 404 is then explained; without it the type is looked up first.
    /// </summary>
    internal static async Task<ApiResponse> WithTypeAsync(
        ApiCall call, Option<string?> type, Argument<string> id, Func<string, Task<ApiResponse>> send, CancellationToken ct)
    {
        var rotationId = call.Parse.GetRequiredValue(id);
        if (call.Parse.GetValue(type) is { } explicitType)
        {
            try
            {
                return await send(RotationLocator.PathOf(explicitType, rotationId));
            }
            catch (ApiException e) when (e.Problem.Status == 404)
            {
                await RotationLocator.ExplainMissAsync(call.Api, rotationId, explicitType, ct);
                throw;
            }
        }

        var found = await RotationLocator.FindAsync(call.Api, rotationId, null, ct);
        return await send(RotationLocator.PathOf(found.Type, rotationId));
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
