using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>
/// <c>--limit</c>, <c>--cursor</c> and <c>--all</c> of a history command, and fetching its pages. With --all the pages
/// are followed by their nextCursor and joined into one body of the same shape (nextCursor null), so -o json stays one
/// document a script can read.
/// </summary>
internal sealed class HistoryPaging
{
    public Option<int?> Limit { get; } = new("--limit") { HelpName = "N", Description = "Attempts per page, 1-100 [default: server's, 20]" };

    public Option<string?> Cursor { get; } = new("--cursor") { Description = "Start after this point: the nextCursor of an earlier page" };

    public Option<bool> All { get; } = new("--all") { Description = "Follow nextCursor to the end and print every attempt" };

    public void AddTo(Command command)
    {
        command.Add(Limit);
        command.Add(Cursor);
        command.Add(All);
    }

    /// <summary>One page, or every page from the cursor on with --all, as one response listing the items under <paramref name="itemsField"/>.</summary>
    public async Task<ApiResponse> FetchAsync(ApiCall call, string path, string itemsField, CancellationToken ct)
    {
        var limit = call.Parse.GetValue(Limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cursor = call.Parse.GetValue(Cursor);
        var response = await call.Api.GetAsync(ApiPath.WithQuery(path, ("limit", limit), ("cursor", cursor)), ct);
        if (!call.Parse.GetValue(All))
        {
            return response;
        }

        var items = new JsonArray();
        while (true)
        {
            var body = response.Json;
            foreach (var item in JsonText.Items(body, itemsField))
            {
                items.Add(item.DeepClone());
            }

            if (body["nextCursor"] is not JsonValue next || next.GetValue<string>() is not { Length: > 0 } nextCursor)
            {
                break;
            }

            response = await call.Api.GetAsync(ApiPath.WithQuery(path, ("limit", limit), ("cursor", nextCursor)), ct);
        }

        var joined = new JsonObject { [itemsField] = items, ["nextCursor"] = null };
        return new ApiResponse(HttpStatusCode.OK, "OK", joined.ToJsonString());
    }

    /// <summary>After a table: how to get the next page, when there is one.</summary>
    public static void WriteMore(ApiCall call, JsonNode body)
    {
        if (JsonText.Of(body, "nextCursor") is { Length: > 0 } next)
        {
            call.Output.WriteLine($"more: --cursor {next} (or --all)");
        }
    }

    /// <summary>What an attempt changed at the target, on one line: "revoked K (slot 0); issued N (slot 0); rolled-back N".</summary>
    public static string Changes(JsonNode attempt) => string.Join("; ", JsonText.Items(attempt, "changes").Select(c =>
        JsonText.Of(c, "kind")
        + (JsonText.Of(c, "credentialId") is { Length: > 0 } credential ? $" {credential}" : "")
        + (JsonText.Of(c, "slot") is { Length: > 0 } slot ? $" (slot {slot})" : "")
        + (JsonText.Of(c, "outcome") == "done" ? "" : " (not confirmed)")));
}
