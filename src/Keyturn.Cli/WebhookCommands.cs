using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/projects/{projectId}/webhooks</c>; null fields are left out so server defaults apply.</summary>
internal sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> Events, IReadOnlyList<int>? UpcomingDaysBefore, string? Format, string? Description);

/// <summary><c>keyturn webhook create|list|delete|deliveries</c>: a project's rotation-event subscriptions.</summary>
internal static class WebhookCommands
{
    public static Command Build(CommandRunner runner) =>
        new("webhook", "Subscribe URLs to a project's rotation events (signed deliveries, retried for a day)")
        {
            new CreateCommand(runner),
            List(runner),
            Get(runner),
            Delete(runner),
            Deliveries(runner),
        };

    private static Option<string> ProjectOption() => new("--project", "--project-id") { Description = "Project id", Required = true };

    private static Argument<string> IdArgument() => new("ID") { Description = "Webhook id" };

    private static string PathOf(string projectId) => $"api/v1/projects/{ApiPath.Segment(projectId)}/webhooks";

    internal sealed class CreateCommand : Command
    {
        private readonly Option<string> project = ProjectOption();
        private readonly Option<string?> url = new Option<string?>("--url") { Description = "Where deliveries are POSTed (must be on the server's --outbound-allow list)", Required = true }.AbsoluteUrl();
        private readonly Option<string[]> events = new("--event")
        {
            HelpName = "event",
            Description = "rotation.succeeded, rotation.failed, rotation.upcoming, credential.expiring or rotation.drift; repeat for each",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<int[]?> upcomingDays = new("--upcoming-days")
        {
            HelpName = "7,1",
            Description = "Days before a rotation that rotation.upcoming fires at [default: server's, 7,1]",
            CustomParser = result =>
            {
                var days = new List<int>();
                foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                {
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day))
                    {
                        result.AddError($"--upcoming-days: '{part}' is not a whole number of days");
                        return null;
                    }

                    days.Add(day);
                }

                return [.. days];
            },
        };

        private readonly Option<string?> format = new Option<string?>("--format") { Description = "json (Keyturn's payload) or slack ({\"text\": …}) [default: json]" }
            .AcceptOnlyFromAmong("json", "slack");

        private readonly Option<string?> description = new("--description") { Description = "Free text" };

        public CreateCommand(CommandRunner runner)
            : base("create", "Subscribe a URL to rotation events; prints the signing secret once")
        {
            foreach (var option in new Option[] { project, url, events, upcomingDays, format, description })
            {
                Add(option);
            }

            runner.SetApiAction(this, async (call, ct) =>
            {
                var response = await call.Api.PostAsync(PathOf(call.Parse.GetRequiredValue(project)), ReadRequest(call.Parse), ct);
                var webhook = response.Json["webhook"];
                call.Output.Write(response, _ => WriteWebhook(call.Output, webhook, JsonText.Of(webhook, "signingSecret")));
                // On stderr, so it never lands in a file the table is piped to.
                call.Context.Error.WriteLine("warning: the signing secret is shown only now; store it where the receiver checks signatures (X-Keyturn-Signature).");
                return ExitCodes.Success;
            });
        }

        public CreateWebhookRequest ReadRequest(ParseResult parse) => new(
            parse.GetRequiredValue(url)!, parse.GetRequiredValue(events),
            // Without --upcoming-days the parser still yields an empty array, which the server refuses; left out, its default applies.
            parse.GetValue(upcomingDays) is { Length: > 0 } days ? days : null, parse.GetValue(format), parse.GetValue(description));
    }

    private static Command List(CommandRunner runner)
    {
        var project = ProjectOption();
        var list = new Command("list", "List a project's webhooks") { project };
        runner.SetApiAction(list, async (call, ct) =>
        {
            var response = await call.Api.GetAsync(PathOf(call.Parse.GetRequiredValue(project)), ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["ID", "URL", "EVENTS", "UPCOMING DAYS", "FORMAT", "CREATED"],
                JsonText.Items(body, "webhooks").Select(w => (IReadOnlyList<string>)
                    [JsonText.Of(w, "id"), JsonText.Of(w, "url"), Joined(w, "events"), Joined(w, "upcomingDaysBefore"), JsonText.Of(w, "format"), JsonText.Of(w, "createdAt")])));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Get(CommandRunner runner)
    {
        var (project, id) = (ProjectOption(), IdArgument());
        var get = new Command("get", "Show one webhook (its signing secret is never shown again)") { project, id };
        runner.SetApiAction(get, async (call, ct) =>
        {
            var response = await call.Api.GetAsync($"{PathOf(call.Parse.GetRequiredValue(project))}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}", ct);
            call.Output.Write(response, body =>
            {
                var w = body["webhook"];
                call.Output.WriteFields(
                [
                    ("id", JsonText.Of(w, "id")), ("url", JsonText.Of(w, "url")), ("events", Joined(w, "events")),
                    ("upcomingDaysBefore", Joined(w, "upcomingDaysBefore")), ("format", JsonText.Of(w, "format")), ("description", JsonText.Of(w, "description")), ("createdAt", JsonText.Of(w, "createdAt")),
                ]);
            });
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command Delete(CommandRunner runner)
    {
        var (project, id) = (ProjectOption(), IdArgument());
        var delete = new Command("delete", "Delete a webhook and its deliveries") { project, id };
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var response = await call.Api.DeleteAsync($"{PathOf(call.Parse.GetRequiredValue(project))}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}", ct);
            call.Output.Write(response, _ => call.Output.WriteLine($"deleted webhook {call.Parse.GetRequiredValue(id)}"));
            return ExitCodes.Success;
        });
        return delete;
    }

    private static Command Deliveries(CommandRunner runner)
    {
        var (project, id) = (ProjectOption(), IdArgument());
        var limit = new Option<int?>("--limit") { Description = "Deliveries per page, 1 to 100 [default: 20]" };
        var cursor = new Option<string?>("--cursor") { Description = "Where the page starts (the nextCursor of the previous one)" };
        var deliveries = new Command("deliveries", "Show a webhook's deliveries, newest first") { project, id, limit, cursor };
        runner.SetApiAction(deliveries, async (call, ct) =>
        {
            var path = ApiPath.WithQuery($"{PathOf(call.Parse.GetRequiredValue(project))}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}/deliveries",
                ("limit", call.Parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture)), ("cursor", call.Parse.GetValue(cursor)));
            var response = await call.Api.GetAsync(path, ct);
            call.Output.Write(response, body =>
            {
                call.Output.WriteTable(
                    ["ID", "EVENT", "STATUS", "ATTEMPTS", "CODE", "NEXT ATTEMPT", "CREATED", "DELIVERED", "ERROR"],
                    JsonText.Items(body, "deliveries").Select(d => (IReadOnlyList<string>)
                    [
                        JsonText.Of(d, "id"), JsonText.Of(d, "event"), JsonText.Of(d, "status"), JsonText.Of(d, "attempts"), JsonText.Of(d, "lastStatusCode"),
                        JsonText.Of(d, "nextAttemptAt"), JsonText.Of(d, "createdAt"), JsonText.Of(d, "deliveredAt"), JsonText.Of(d, "lastError"),
                    ]));
                if (JsonText.Of(body, "nextCursor") is { Length: > 0 } next)
                {
                    call.Context.Error.WriteLine($"more: --cursor {next}");
                }
            });
            return ExitCodes.Success;
        });
        return deliveries;
    }

    private static void WriteWebhook(OutputWriter output, JsonNode? webhook, string signingSecret) => output.WriteFields(
    [
        ("id", JsonText.Of(webhook, "id")),
        ("url", JsonText.Of(webhook, "url")),
        ("events", Joined(webhook, "events")),
        ("upcomingDaysBefore", Joined(webhook, "upcomingDaysBefore")),
        ("format", JsonText.Of(webhook, "format")),
        ("signingSecret", signingSecret),
    ]);

    private static string Joined(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonArray array ? string.Join(',', array.Select(v => v?.ToString())) : "";
}
