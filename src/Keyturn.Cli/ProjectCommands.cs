using System.CommandLine;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/projects</c>.</summary>
internal sealed record CreateProjectRequest(string ProjectName, string? Slug);

/// <summary><c>keyturn project create|list|get</c>. There is no delete: the server has no route that deletes a project.</summary>
internal static class ProjectCommands
{
    public static Command Build(CommandRunner runner) =>
        new("project", "Create and list projects (a project holds environments, secrets and rotations)")
        {
            new CreateCommand(runner),
            List(runner),
            Get(runner),
        };

    internal sealed class CreateCommand : Command
    {
        private readonly Option<string> name = new("--name") { Description = "Project name", Required = true };
        private readonly Option<string?> slug = new("--slug") { Description = "URL-friendly id [default: chosen by the server]" };

        public CreateCommand(CommandRunner runner)
            : base("create", "Create a project")
        {
            Add(name);
            Add(slug);
            runner.SetApiAction(this, async (call, ct) =>
            {
                var response = await call.Api.PostAsync("api/v1/projects", ReadRequest(call.Parse), ct);
                call.Output.Write(response, body => WriteProject(call.Output, body["project"]));
                return ExitCodes.Success;
            });
        }

        public CreateProjectRequest ReadRequest(ParseResult parse) => new(parse.GetRequiredValue(name), parse.GetValue(slug));
    }

    private static Command List(CommandRunner runner)
    {
        var list = new Command("list", "List projects");
        runner.SetApiAction(list, async (call, ct) =>
        {
            var response = await call.Api.GetAsync("api/v1/projects", ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["ID", "NAME", "SLUG", "ENVIRONMENTS"],
                JsonText.Items(body, "projects").Select(p => (IReadOnlyList<string>)
                    [JsonText.Of(p, "id"), JsonText.Of(p, "name"), JsonText.Of(p, "slug"), EnvironmentSlugs(p)])));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Get(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "Project id" };
        var get = new Command("get", "Show one project") { id };
        runner.SetApiAction(get, async (call, ct) =>
        {
            var response = await call.Api.GetAsync($"api/v1/projects/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}", ct);
            call.Output.Write(response, body => WriteProject(call.Output, body["project"]));
            return ExitCodes.Success;
        });
        return get;
    }

    private static void WriteProject(OutputWriter output, JsonNode? project) => output.WriteFields(
    [
        ("id", JsonText.Of(project, "id")),
        ("name", JsonText.Of(project, "name")),
        ("slug", JsonText.Of(project, "slug")),
        ("environments", EnvironmentSlugs(project)),
    ]);

    private static string EnvironmentSlugs(JsonNode? project) =>
        string.Join(',', JsonText.Items(project, "environments").Select(e => JsonText.Of(e, "slug")));
}
