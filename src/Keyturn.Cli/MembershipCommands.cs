using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/projects/{projectId}/memberships</c>; null scopes are left out, meaning every environment or path.</summary>
internal sealed record CreateMembershipRequest(string IdentityId, string Role, IReadOnlyList<string>? Environments, IReadOnlyList<string>? SecretPathPrefixes);

/// <summary><c>keyturn membership create|list|get|delete</c>: the roles identities hold in a project.</summary>
internal static class MembershipCommands
{
    public static Command Build(CommandRunner runner) =>
        new("membership", "Give identities a role in a project (viewer, developer, rotation-admin, admin), optionally limited to environments and paths")
        {
            Create(runner),
            List(runner),
            Get(runner),
            Delete(runner),
        };

    private static Option<string> ProjectOption() => new("--project", "--project-id") { Description = "Project id", Required = true };

    private static string PathOf(string projectId) => $"api/v1/projects/{ApiPath.Segment(projectId)}/memberships";

    private static Command Create(CommandRunner runner)
    {
        var project = ProjectOption();
        var identity = new Option<string>("--identity", "--identity-id") { Description = "Identity id", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, developer, rotation-admin or admin", Required = true }
            .AcceptOnlyFromAmong("viewer", "developer", "rotation-admin", "admin");
        var environments = new Option<string[]>("--env")
        {
            HelpName = "slug",
            Description = "Limit to this environment; repeat for each [default: every environment]",
            AllowMultipleArgumentsPerToken = false,
        };
        var prefixes = new Option<string[]>("--path-prefix")
        {
            HelpName = "/path",
            Description = "Limit to secrets under this path; repeat for each [default: every path]",
            AllowMultipleArgumentsPerToken = false,
        };
        var create = new Command("create", "Give an identity a role in a project (one membership per identity and project)")
        {
            project, identity, role, environments, prefixes,
        };
        runner.SetApiAction(create, async (call, ct) =>
        {
            var request = new CreateMembershipRequest(call.Parse.GetRequiredValue(identity), call.Parse.GetRequiredValue(role),
                NullIfEmpty(call.Parse.GetValue(environments)), NullIfEmpty(call.Parse.GetValue(prefixes)));
            var response = await call.Api.PostAsync(PathOf(call.Parse.GetRequiredValue(project)), request, ct);
            var membership = response.Json["membership"];
            call.Output.Write(response, _ => WriteTable(call.Output, [membership]));
            return ExitCodes.Success;
        });
        return create;
    }

    private static Command List(CommandRunner runner)
    {
        var project = ProjectOption();
        var list = new Command("list", "List a project's memberships") { project };
        runner.SetApiAction(list, async (call, ct) =>
        {
            var response = await call.Api.GetAsync(PathOf(call.Parse.GetRequiredValue(project)), ct);
            call.Output.Write(response, body => WriteTable(call.Output, [.. JsonText.Items(body, "memberships")]));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Get(CommandRunner runner)
    {
        var project = ProjectOption();
        var id = new Argument<string>("ID") { Description = "Membership id" };
        var get = new Command("get", "Show one membership") { project, id };
        runner.SetApiAction(get, async (call, ct) =>
        {
            var response = await call.Api.GetAsync($"{PathOf(call.Parse.GetRequiredValue(project))}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}", ct);
            call.Output.Write(response, body => WriteTable(call.Output, [body["membership"]]));
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command Delete(CommandRunner runner)
    {
        var project = ProjectOption();
        var id = new Argument<string>("ID") { Description = "Membership id" };
        var delete = new Command("delete", "Take an identity's membership away") { project, id };
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var response = await call.Api.DeleteAsync($"{PathOf(call.Parse.GetRequiredValue(project))}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}", ct);
            call.Output.Write(response, _ => call.Output.WriteLine($"deleted membership {call.Parse.GetRequiredValue(id)}"));
            return ExitCodes.Success;
        });
        return delete;
    }

    private static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;

    private static void WriteTable(OutputWriter output, System.Text.Json.Nodes.JsonNode?[] memberships) => output.WriteTable(
        ["ID", "IDENTITY", "ROLE", "ENVIRONMENTS", "PATH PREFIXES", "CREATED"],
        memberships.Select(m => (IReadOnlyList<string>)
            [JsonText.Of(m, "id"), JsonText.Of(m, "identityId"), JsonText.Of(m, "role"), Scope(m, "environments"), Scope(m, "secretPathPrefixes"), JsonText.Of(m, "createdAt")]));

    private static string Scope(System.Text.Json.Nodes.JsonNode? membership, string field) =>
        membership?[field] is System.Text.Json.Nodes.JsonArray values ? string.Join(",", values.Select(v => v?.GetValue<string>())) : "(all)";
}
