using System.Net;
using Keyturn.Server.Endpoints;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// The query strings Infisical's clients send to the v3 raw secret reads: what @infisical/sdk 5.0.2 sends is answered,
/// and the options Keyturn cannot honour are a 400 naming the option rather than a quietly different answer.
/// </summary>
public sealed class SecretInfisicalQueryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/api/v3/secrets/raw";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task List_TheQueryTheNodeSdkSends_ListsTheFolder()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "SDK_LISTED", "listed", "/api");

        // SecretsClient.listSecrets of @infisical/sdk 5.0.2 with {projectId, environment, secretPath} and nothing else.
        var query = $"workspaceId={projectId}&environment=dev&expandSecretReferences=true&include_imports=false&recursive=false&secretPath=%2Fapi&viewSecretValue=true";
        var body = (await Server.Api.GetAsync($"{Path}?{query}")).ShouldBe(HttpStatusCode.OK).Body;

        var secret = Assert.Single(body["secrets"]!.AsArray())!;
        Assert.Equal("SDK_LISTED", secret["secretKey"]!.GetValue<string>());
        Assert.Equal("listed", secret["secretValue"]!.GetValue<string>());
        Assert.Empty(body["imports"]!.AsArray());
    }

    [Fact]
    public async Task Get_TheQueryTheNodeSdkSends_ReadsTheSecretAndTheAskedVersion()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "SDK_READ", "one", "/api");
        (await Server.Api.PatchAsync($"{Path}/SDK_READ", new { workspaceId = projectId, environment = "dev", secretPath = "/api", secretValue = "two" })).ShouldBe(HttpStatusCode.OK);

        // SecretsClient.getSecret of @infisical/sdk 5.0.2: it repeats secretName in the query and sends type and version only when given.
        var query = $"secretName=SDK_READ&workspaceId={projectId}&environment=dev&expandSecretReferences=true&includeImports=false&secretPath=%2Fapi&viewSecretValue=true";
        var latest = (await Server.Api.GetAsync($"{Path}/SDK_READ?{query}")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        var first = (await Server.Api.GetAsync($"{Path}/SDK_READ?{query}&type=shared&version=1")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;

        Assert.Equal("two", latest["secretValue"]!.GetValue<string>());
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        Assert.Equal("one", first["secretValue"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("recursive=true", "recursive", InfisicalReadOptions.RecursiveRule)]
    [InlineData("recursive=yes", "recursive", InfisicalReadOptions.RecursiveRule)]
    [InlineData("tagSlugs=backend", "tagSlugs", InfisicalReadOptions.TagSlugsRule)]
    public async Task List_AnOptionKeyturnCannotHonour_Is400NamingIt(string option, string field, string rule)
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "TOP", "top", "/");

        var response = await Server.Api.GetAsync($"{Path}?{Scenario.Where(projectId)}&{option}");

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal([rule], response.ErrorsFor(field));
        Assert.DoesNotContain("top", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PersonalType_Is400NamingType()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "SHARED_ONLY", "shared-value");

        var response = await Server.Api.GetAsync($"{Path}/SHARED_ONLY?{Scenario.Where(projectId)}&type=personal");

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal([InfisicalReadOptions.TypeRule], response.ErrorsFor("type"));
        Assert.DoesNotContain("shared-value", response.Text, StringComparison.Ordinal);
    }
}
