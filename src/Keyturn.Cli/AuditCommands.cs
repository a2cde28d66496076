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
            JsonNode head;
            AuditChainBreak? broken = null;
            while (true)
            {
                var page = (await call.Api.GetAsync(ApiPath.WithQuery(ChainPath, ("after", after.ToString(CultureInfo.InvariantCulture)),
                    ("limit", ChainPage.ToString(CultureInfo.InvariantCulture))), ct)).Json;
                // Each page's head is read before its entries; the last page's is what the end of the chain is checked against.
                head = page["head"]!;
                var entries = JsonText.Items(page, "entries").Select(Read).ToList();
                foreach (var entry in entries)
                {
                    if ((broken = verifier.Add(entry)) is not null)
                    {
                        break;
                    }
                }

                // A short page is the end: this command's own requests append an entry each, one page behind.
                if (broken is not null || entries.Count < ChainPage)
                {
                    break;
                }

                after = entries[^1].Sequence!.Value;
            }

            var headSequence = head["sequence"]!.GetValue<long>();
            var headHash = JsonText.Of(head, "hash");
            broken ??= verifier.Complete(headSequence, headHash) ?? AuditChainVerifier.CheckUnchained(
                head["legacyEntries"]!.GetValue<long>(), head["unchainedEntries"]!.GetValue<long>(),
                [.. JsonText.Items(head, "newestUnchained").Select(n => Guid.Parse(n.GetValue<string>()))]);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(new JsonObject
                {
                    ["verified"] = broken is null,
                    ["entries"] = verifier.Verified,
                    ["head"] = new JsonObject { ["sequence"] = headSequence, ["hash"] = headHash },
                    ["break"] = broken is null ? null : new JsonObject
                    {
                        ["kind"] = broken.Kind.ToString().ToLowerInvariant(), ["sequence"] = broken.Sequence, ["id"] = broken.EntryId?.ToString(), ["message"] = broken.Message,
                    },
                }.ToJsonString());
            }
            else if (broken is null)
            {
                call.Output.WriteLine($"ok: {verifier.Verified} entries verified; chain head {headSequence} {headHash}");
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
