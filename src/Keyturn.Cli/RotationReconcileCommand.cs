using System.CommandLine;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn rotation reconcile ID [--type T] [--apply]</c>: compares the target with what the rotation owns. A dry run
/// unless <c>--apply</c>, as on the server, so a reconcile typed by mistake changes nothing.
/// </summary>
internal sealed class RotationReconcileCommand : Command
{
    public RotationReconcileCommand(CommandRunner runner)
        : base("reconcile", "Compare the target with what the rotation owns (orphaned, foreign, missing, changed, expiring credentials); only reports unless --apply")
    {
        var type = RotationCommands.TypeOption();
        var id = RotationCommands.IdArgument();
        var apply = new Option<bool>("--apply")
        {
            Description = "Act on the findings: revoke orphans and schedule the next rotation at once where a credential is missing or changed",
        };
        Add(type);
        Add(id);
        Add(apply);
        runner.SetApiAction(this, async (call, ct) =>
        {
            var dryRun = call.Parse.GetValue(apply) ? "false" : "true";
            var response = await RotationCommands.WithTypeAsync(call, type, id,
                path => call.Api.PostAsync(ApiPath.WithQuery($"{path}/reconcile", ("dryRun", dryRun)), null, ct), ct);
            call.Output.Write(response, body => Write(call.Output, body["reconcile"]));
            return ExitCodes.Success;
        });
    }

    private static void Write(OutputWriter output, JsonNode? reconcile)
    {
        var findings = JsonText.Items(reconcile, "findings").ToList();
        var mode = JsonText.Of(reconcile, "dryRun") == "true" ? "dry run: nothing changed; --apply acts on the findings" : "applied";
        output.WriteLine($"{findings.Count} finding(s) ({mode}); next rotation at {Or(JsonText.Of(reconcile, "nextRotationAt"), "none scheduled")}");
        if (findings.Count == 0)
        {
            return;
        }

        output.WriteTable(["KIND", "CREDENTIAL", "SLOT", "LABEL", "EXPIRES", "ACTION", "MESSAGE"], findings.Select(f => (IReadOnlyList<string>)
        [
            JsonText.Of(f, "kind"),
            JsonText.Of(f, "credentialId"),
            JsonText.Of(f, "slot"),
            JsonText.Of(f, "label"),
            JsonText.Of(f, "expiresAt"),
            JsonText.Of(f, "action"),
            JsonText.Of(f, "message"),
        ]));
    }

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;
}
