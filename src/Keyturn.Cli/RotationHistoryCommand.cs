using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn rotation history ID [--limit N] [--cursor C] [--all]</c>: the rotation's attempts newest first, with
/// what each changed at the target (credential ids and slots, never a secret).
/// </summary>
internal sealed class RotationHistoryCommand : Command
{
    private readonly Option<string?> type = RotationCommands.TypeOption();
    private readonly Argument<string> id = RotationCommands.IdArgument();
    private readonly HistoryPaging paging = new();

    public RotationHistoryCommand(CommandRunner runner)
        : base("history", "List the rotation's attempts, newest first, with what each changed at the target")
    {
        Add(id);
        Add(type);
        paging.AddTo(this);
        runner.SetApiAction(this, async (call, ct) =>
        {
            var rotationId = call.Parse.GetRequiredValue(id);
            var found = await RotationLocator.FindAsync(call.Api, rotationId, call.Parse.GetValue(type), ct);
            var response = await paging.FetchAsync(call, $"{RotationLocator.PathOf(found.Type, rotationId)}/history", "history", ct);
            call.Output.Write(response, body =>
            {
                call.Output.WriteTable(
                    ["JOB", "TRIGGER", "STATUS", "STARTED", "ENDED", "SLOT", "CHANGES", "MESSAGE"],
                    JsonText.Items(body, "history").Select(a => (IReadOnlyList<string>)
                    [
                        JsonText.Of(a, "jobId"), JsonText.Of(a, "trigger"), JsonText.Of(a, "status"), JsonText.Of(a, "startedAt"),
                        JsonText.Of(a, "endedAt"), JsonText.Of(a, "targetSlot"), HistoryPaging.Changes(a), JsonText.Of(a, "message"),
                    ]));
                HistoryPaging.WriteMore(call, body);
            });
            return ExitCodes.Success;
        });
    }
}
