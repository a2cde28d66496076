using System.CommandLine;
using System.Globalization;

namespace Keyturn.Cli;

/// <summary>Body of <c>PATCH /api/v1/app-connections/{app}/{id}</c>; null fields are left out and keep their value.</summary>
internal sealed record UpdateConnectionRequest(string? Name, string? Description, CredentialRotationRequest? CredentialRotation);

internal sealed record CredentialRotationRequest(bool? IsAutoRotationEnabled, int? RotationInterval, RotateAtUtcRequest? RotateAtUtc);

internal sealed record RotateAtUtcRequest(int Hours, int Minutes);

/// <summary><c>keyturn connection update ID [--name] [--description] [--auto-rotate|--no-auto-rotate] [--interval DAYS] [--at HH:MM]</c>.</summary>
internal sealed class UpdateConnectionCommand : Command
{
    private readonly Argument<string> id = new("ID") { Description = "App connection id" };
    private readonly Option<string> app = ConnectionCredentialCommands.AppOption();
    private readonly Option<string?> name = new("--name") { Description = "New name" };
    private readonly Option<string?> description = new("--description") { Description = "New description" };
    private readonly Option<bool> autoRotate = new("--auto-rotate") { Description = "Rotate the connection's own secret on a schedule" };
    private readonly Option<bool> noAutoRotate = new("--no-auto-rotate") { Description = "Stop rotating it on a schedule" };
    private readonly Option<int?> interval = new("--interval") { Description = "Days between self-rotations (1-365)" };
    private readonly Option<string?> at = new("--at") { Description = "Time of day (UTC) of self-rotations, HH:MM" };

    public UpdateConnectionCommand(CommandRunner runner)
        : base("update", "Change an app connection's name, description or the schedule of its own secret's rotation")
    {
        Add(id);
        Add(app);
        Add(name);
        Add(description);
        Add(autoRotate);
        Add(noAutoRotate);
        Add(interval);
        Add(at);
        Validators.Add(result =>
        {
            if (result.GetValue(autoRotate) && result.GetValue(noAutoRotate))
            {
                result.AddError("give at most one of --auto-rotate or --no-auto-rotate");
            }

            if (result.GetValue(at) is { } time && !TryParseTime(time, out _))
            {
                result.AddError($"--at: '{time}' is not a time of day HH:MM (UTC)");
            }
        });
        runner.SetApiAction(this, async (call, ct) =>
        {
            var path = ConnectionCredentialCommands.ConnectionPath(call.Parse, app, id);
            var response = await call.Api.PatchAsync(path, ReadRequest(call.Parse), ct);
            call.Output.Write(response, body => ConnectionCommands.WriteConnection(call.Output, body["appConnection"]));
            return ExitCodes.Success;
        });
    }

    public UpdateConnectionRequest ReadRequest(ParseResult parse)
    {
        bool? enabled = parse.GetValue(autoRotate) ? true : parse.GetValue(noAutoRotate) ? false : null;
        RotateAtUtcRequest? rotateAt = parse.GetValue(at) is { } time && TryParseTime(time, out var parsed) ? new RotateAtUtcRequest(parsed.Hours, parsed.Minutes) : null;
        var days = parse.GetValue(interval);
        var rotation = enabled is null && days is null && rotateAt is null ? null : new CredentialRotationRequest(enabled, days, rotateAt);
        return new UpdateConnectionRequest(parse.GetValue(name), parse.GetValue(description), rotation);
    }

    private static bool TryParseTime(string text, out TimeSpan time) =>
        TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out time);
}
