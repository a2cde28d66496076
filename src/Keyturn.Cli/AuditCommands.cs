using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;

namespace Keyturn.Cli;

/// <summary><c>keyturn audit list|verify</c>: read the audit trail, and recompute its hash chain to find tampering.</summary>
internal static class AuditCommands
{
    private const string ListPath = "api/v1/audit-logs";
    private const string ChainPath = "api/v1/audit-logs/chain";
    private const int ChainPage = 1000;

    public static Command Build(CommandRunner runner) =>
        new("audit", "Read the audit trail and check that nobody edited it")
        {
            List(runner),
            Verify(runner),
        };

    private static Command List(CommandRunner runner)
    {
        var actor = new Option<string?>("--actor") { Description = "Only entries by this actor (e.g. token:root, anonymous)" };
        var action = new Option<string?>("--action") { Description = "Only this action (e.g. secret.get, secret.created)" };
        var resourceType = new Option<string?>("--resource-type") { Description = "Only this resource type (secret, secret-rotation, …)" };
        var resourceId = new Option<string?>("--resource-id") { Description = "Only this resource id or secret name" };
        var project = new Option<string?>("--project", "--project-id") { Description = "Only this project's entries" };
        var from = new Option<string?>("--from") { Description = "From this ISO 8601 time, inclusive (e.g. 2026-01-31T00:00:00Z)" };
        var to = new Option<string?>("--to") { Description = "Up to this ISO 8601 time, exclusive" };
        var limit = new Option<int?>("--limit") { Description = "Entries per page, 1 to 1000 [default: 100]" };
        var cursor = new Option<string?>("--cursor") { Description = "Where the page starts (the nextCursor of the previous one)" };
        var all = new Option<bool>("--all") { Description = "Follow nextCursor until the last page" };
        var list = new Command("list", "Show audit entries, newest first") { actor, action, resourceType, resourceId, project, from, to, limit, cursor, all };
        runner.SetApiAction(list, async (call, ct) =>
        {
            var p = call.Parse;
            var entries = new JsonArray();
            string? next = p.GetValue(cursor);
            ApiResponse response;
            do
            {
                var path = ApiPath.WithQuery(ListPath,
                    ("actor", p.GetValue(actor)), ("action", p.GetValue(action)), ("resourceType", p.GetValue(resourceType)), ("resourceId", p.GetValue(resourceId)),
                    ("projectId", p.GetValue(project)), ("from", p.GetValue(from)), ("to", p.GetValue(to)),
                    ("limit", p.GetValue(limit)?.ToString(CultureInfo.InvariantCulture)), ("cursor", next));
                response = await call.Api.GetAsync(path, ct);
                foreach (var entry in JsonText.Items(response.Json, "auditLogs"))
                {
                    entries.Add(entry.DeepClone());
                }

                next = JsonText.Of(response.Json, "nextCursor") is { Length: > 0 } more ? more : null;
            }
            while (p.GetValue(all) && next is not null);

            if (call.Output.IsJson)
            {
                call.Output.WriteJson(new JsonObject { ["auditLogs"] = entries, ["nextCursor"] = next }.ToJsonString());
                return ExitCodes.Success;
            }

            call.Output.WriteTable(
                ["SEQ", "TIME", "ACTOR", "SOURCE", "ACTION", "RESOURCE", "PROJECT", "OUTCOME"],
                entries.Select(e => (IReadOnlyList<string>)
                [
                    JsonText.Of(e, "sequence"), JsonText.Of(e, "createdAt"), JsonText.Of(e, "actor"), JsonText.Of(e, "sourceIp"), JsonText.Of(e, "action"),
                    $"{JsonText.Of(e, "resourceType")}/{JsonText.Of(e, "resourceId")}".TrimEnd('/'), JsonText.Of(e, "projectId"), JsonText.Of(e, "outcome"),
                ]));
            if (next is not null)
            {
                call.Context.Error.WriteLine($"more: --cursor {next} (or --all)");
            }

            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Verify(CommandRunner runner)
    {
        var verify = new Command("verify", "Recompute the audit trail's hash chain; names the first entry changed, inserted or removed (exit 1 then)");
        runner.SetApiAction(verify, async (call, ct) =>
        {
            var verifier = new AuditChainVerifier();
            long after = 0;
            (long Sequence, string Hash)? head = null;
            AuditChainBreak? broken = null;
            while (broken is null)
            {
                var page = (await call.Api.GetAsync(ApiPath.WithQuery(ChainPath, ("after", after.ToString(CultureInfo.InvariantCulture)),
                    ("limit", ChainPage.ToString(CultureInfo.InvariantCulture))), ct)).Json;
                // The head of the first page is the end of what is checked: this command's own requests append after it.
                head ??= (long.Parse(JsonText.Of(page, "head", "sequence"), CultureInfo.InvariantCulture), JsonText.Of(page, "head", "hash"));
                var entries = JsonText.Items(page, "entries").Select(Read).TakeWhile(e => e.Sequence <= head.Value.Sequence).ToList();
                foreach (var entry in entries)
                {
                    if ((broken = verifier.Add(entry)) is not null)
                    {
                        break;
                    }
                }

                if (entries.Count == 0 || entries[^1].Sequence >= head.Value.Sequence)
                {
                    break;
                }

                after = entries[^1].Sequence!.Value;
            }

            broken ??= verifier.Complete(head?.Sequence, head?.Hash);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(new JsonObject
                {
                    ["verified"] = broken is null,
                    ["entries"] = verifier.Verified,
                    ["head"] = new JsonObject { ["sequence"] = head?.Sequence, ["hash"] = head?.Hash },
                    ["break"] = broken is null ? null : new JsonObject
                    {
                        ["kind"] = broken.Kind.ToString().ToLowerInvariant(), ["sequence"] = broken.Sequence, ["id"] = broken.EntryId?.ToString(), ["message"] = broken.Message,
                    },
                }.ToJsonString());
            }
            else if (broken is null)
            {
                call.Output.WriteLine($"ok: {verifier.Verified} entries verified; chain head {head?.Sequence} {head?.Hash}");
            }

            if (broken is not null)
            {
                call.Context.Error.WriteLine($"error: the audit trail was tampered with: {broken.Message}");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        });
        return verify;
    }

    private static ChainedAuditEntry Read(JsonNode entry)
    {
        string? Text(string name) => entry[name]?.GetValue<string>();
        var projectId = Text("projectId");
        var audit = new AuditEntry(
            Guid.Parse(Text("id")!), DateTimeOffset.FromUnixTimeMilliseconds(entry["atUnixMs"]!.GetValue<long>()), Text("actor")!, Text("action")!,
            Text("resourceType")!, Text("resourceId"), projectId is null ? null : Guid.Parse(projectId), Text("detailsJson")!)
        {
            IdentityId = Text("identityId"),
            SourceIp = Text("sourceIp"),
            Outcome = Text("outcome"),
            RequestId = Text("requestId"),
        };
        return new ChainedAuditEntry(audit, entry["sequence"]!.GetValue<long>(), Text("previousHash"), Text("hash"));
    }
}
