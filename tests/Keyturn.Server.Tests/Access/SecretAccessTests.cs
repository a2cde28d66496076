using System.Net;
using Keyturn.Server.Tests.Support;
using static Keyturn.Server.Tests.Access.SecretAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Who may read and write secrets on Infisical's v3 raw routes: viewers read, developers also write, each only in the
/// environments and path prefixes of its membership; anything else is the one 403, also for a project that does not
/// exist. Identities and tokens are real (made through the API, logged in with universal auth).
/// </summary>
public sealed class SecretAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Raw = "/api/v3/secrets/raw";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Viewer_ReadsInScope_AndEveryWriteIsDeniedAndChangesNothing()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "VIEWED", "viewed-value");
        var viewer = await LoggedInAsync(Server.Api, projectId, "viewer");

        var got = (await viewer.GetAsync($"{Raw}/VIEWED?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK);
        var listed = (await viewer.GetAsync($"{Raw}?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("viewed-value", got.Body["secret"]!["secretValue"]!.GetValue<string>());
        Assert.Equal("VIEWED", Assert.Single(listed.Body["secrets"]!.AsArray())!["secretKey"]!.GetValue<string>());
        (await viewer.PostAsync($"{Raw}/NEW_ONE", Body(projectId, value: "x"))).ShouldBeDenied();
        (await viewer.PatchAsync($"{Raw}/VIEWED", Body(projectId, value: "overwritten"))).ShouldBeDenied();
        (await viewer.DeleteAsync($"{Raw}/VIEWED", Body(projectId))).ShouldBeDenied();
        (await viewer.DeleteAsync($"{Raw}/VIEWED?{Scenario.Where(projectId)}")).ShouldBeDenied();
        var after = (await Scenario.GetSecretAsync(Server, projectId, "VIEWED")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal("viewed-value", after["secretValue"]!.GetValue<string>());
        Assert.Equal(1, after["version"]!.GetValue<int>());
        (await Scenario.GetSecretAsync(Server, projectId, "NEW_ONE")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Developer_CreatesUpdatesReadsAndDeletes_RecordedUnderItsIdentity()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var developer = await LoggedInAsync(Server.Api, projectId, "developer");

        var created = (await developer.PostAsync($"{Raw}/DEV_OWNED", Body(projectId, value: "one"))).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        var updated = (await developer.PatchAsync($"{Raw}/DEV_OWNED", Body(projectId, value: "two"))).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        var read = (await developer.GetAsync($"{Raw}/DEV_OWNED?{Scenario.Where(projectId)}&version=1")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        (await developer.DeleteAsync($"{Raw}/DEV_OWNED", Body(projectId))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(1, created["version"]!.GetValue<int>());
        Assert.Equal(2, updated["version"]!.GetValue<int>());
        Assert.Equal("one", read["secretValue"]!.GetValue<string>());
        (await Scenario.GetSecretAsync(Server, projectId, "DEV_OWNED")).ShouldBe(HttpStatusCode.NotFound);
        var entries = (await Server.Api.GetAsync($"/api/v1/audit-logs?projectId={projectId}&actor=identity:{developer.IdentityId}&limit=100"))
            .ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
        var actions = entries.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("secret.created", actions);
        Assert.Contains("secret.updated", actions);
        Assert.Contains("secret.deleted", actions);
    }

    [Fact]
    public async Task EnvironmentLimited_OtherEnvironmentIsDeniedForReadAndWrite()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        (await Server.Api.PostAsync($"{Raw}/STAGED", Body(projectId, "staging", value: "staged-value"))).ShouldBe(HttpStatusCode.OK);
        var devOnly = await LoggedInAsync(Server.Api, projectId, "developer", environments: ["dev"]);

        (await devOnly.PostAsync($"{Raw}/IN_DEV", Body(projectId, value: "d"))).ShouldBe(HttpStatusCode.OK);
        (await devOnly.GetAsync($"{Raw}?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK);

        (await devOnly.GetAsync($"{Raw}/STAGED?{Scenario.Where(projectId, environment: "staging")}")).ShouldBeDenied();
        (await devOnly.GetAsync($"{Raw}?{Scenario.Where(projectId, environment: "staging")}")).ShouldBeDenied();
        (await devOnly.PatchAsync($"{Raw}/STAGED", Body(projectId, "staging", value: "changed"))).ShouldBeDenied();
        (await devOnly.PostAsync($"{Raw}/IN_PROD", Body(projectId, "prod", value: "p"))).ShouldBeDenied();
        // An environment the project does not have is outside the membership too: the same refusal, not a 404.
        (await devOnly.GetAsync($"{Raw}/STAGED?{Scenario.Where(projectId, environment: "qa")}")).ShouldBeDenied();
        Assert.Equal("staged-value", (await Server.Api.GetAsync($"{Raw}/STAGED?{Scenario.Where(projectId, environment: "staging")}"))
            .ShouldBe(HttpStatusCode.OK).Body["secret"]!["secretValue"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/", true)]
    [InlineData("/api/x", true)]
    [InlineData("/api/x/y", true)]
    [InlineData("/", false)]
    [InlineData("/apix", false)]
    [InlineData("/ap", false)]
    [InlineData("/other/api", false)]
    public async Task PathPrefix_CoversThePrefixAndBelowOnly(string secretPath, bool allowed)
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var normalised = secretPath.Length > 1 ? secretPath.TrimEnd('/') : secretPath;
        await Scenario.CreateSecretAsync(Server, projectId, "AT_PATH", "path-value", normalised);
        var token = await LoggedInAsync(Server.Api, projectId, "developer", secretPathPrefixes: ["/api"]);

        var reads = new[]
        {
            await token.GetAsync($"{Raw}/AT_PATH?{Scenario.Where(projectId, secretPath: secretPath)}"),
            await token.GetAsync($"{Raw}?{Scenario.Where(projectId, secretPath: secretPath)}"),
        };
        var write = await token.PatchAsync($"{Raw}/AT_PATH", Body(projectId, secretPath: secretPath, value: "by-identity"));

        if (allowed)
        {
            Assert.All(reads, r => r.ShouldBe(HttpStatusCode.OK));
            write.ShouldBe(HttpStatusCode.OK);
            Assert.Equal("path-value", reads[0].Body["secret"]!["secretValue"]!.GetValue<string>());
        }
        else
        {
            Assert.All(reads, r => r.ShouldBeDenied());
            write.ShouldBeDenied();
            Assert.All(reads, r => Assert.DoesNotContain("path-value", r.Text, StringComparison.Ordinal));
            Assert.Equal("path-value", (await Scenario.GetSecretAsync(Server, projectId, "AT_PATH", normalised))
                .ShouldBe(HttpStatusCode.OK).Body["secret"]!["secretValue"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task OtherProjectAndNonexistentProject_GetTheSameRefusal()
    {
        var mine = await Scenario.CreateProjectAsync(Server);
        var theirs = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, theirs, "THEIRS", "their-value");
        var developer = await LoggedInAsync(Server.Api, mine, "developer");
        var nowhere = Guid.NewGuid().ToString();

        foreach (var project in new[] { theirs, nowhere })
        {
            (await developer.GetAsync($"{Raw}/THEIRS?{Scenario.Where(project)}")).ShouldBeDenied();
            (await developer.GetAsync($"{Raw}?{Scenario.Where(project)}")).ShouldBeDenied();
            (await developer.PostAsync($"{Raw}/PLANTED", Body(project, value: "x"))).ShouldBeDenied();
            (await developer.PatchAsync($"{Raw}/THEIRS", Body(project, value: "x"))).ShouldBeDenied();
            (await developer.DeleteAsync($"{Raw}/THEIRS", Body(project))).ShouldBeDenied();
        }

        var existing = await developer.GetAsync($"{Raw}/THEIRS?{Scenario.Where(theirs)}");
        var missing = await developer.GetAsync($"{Raw}/THEIRS?{Scenario.Where(nowhere)}");
        Assert.Equal(existing.Body["detail"]!.GetValue<string>(), missing.Body["detail"]!.GetValue<string>());
        Assert.Equal(existing.Body["title"]!.GetValue<string>(), missing.Body["title"]!.GetValue<string>());
        Assert.Equal("their-value", await Scenario.SecretValueAsync(Server, theirs, "THEIRS"));
        (await Scenario.GetSecretAsync(Server, theirs, "PLANTED")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NoMembership_EveryRouteIsDenied()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "UNSEEN", "unseen-value");
        var stranger = await LoggedInAsync(Server.Api, null, null);

        (await stranger.GetAsync($"{Raw}/UNSEEN?{Scenario.Where(projectId)}")).ShouldBeDenied();
        (await stranger.GetAsync($"{Raw}?{Scenario.Where(projectId)}")).ShouldBeDenied();
        (await stranger.PostAsync($"{Raw}/NEW", Body(projectId, value: "x"))).ShouldBeDenied();
        (await stranger.PatchAsync($"{Raw}/UNSEEN", Body(projectId, value: "x"))).ShouldBeDenied();
        (await stranger.DeleteAsync($"{Raw}/UNSEEN?{Scenario.Where(projectId)}")).ShouldBeDenied();
    }

    [Fact]
    public async Task InScope_MissingSecretIs404AndBadInputIs400()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var developer = await LoggedInAsync(Server.Api, projectId, "developer");

        (await developer.GetAsync($"{Raw}/NOT_THERE?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.NotFound);
        (await developer.PatchAsync($"{Raw}/NOT_THERE", Body(projectId, value: "x"))).ShouldBe(HttpStatusCode.NotFound);
        (await developer.DeleteAsync($"{Raw}/NOT_THERE", Body(projectId))).ShouldBe(HttpStatusCode.NotFound);
        // Pure form checks come first and read nothing, so they answer alike for any caller.
        var badKey = await developer.PostAsync($"{Raw}/1BAD", Body(projectId, value: "x"));
        badKey.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(badKey.ErrorsFor("secretName"));
        var badWorkspace = await developer.GetAsync($"{Raw}?workspaceId=not-a-guid&environment=dev");
        badWorkspace.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(badWorkspace.ErrorsFor("workspaceId"));
    }

    [Fact]
    public async Task NoToken_EveryRouteIs401()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "GUARDED", "guarded-value");

        var responses = new[]
        {
            await Server.Api.SendAsync(HttpMethod.Get, $"{Raw}?{Scenario.Where(projectId)}", null, noToken: true),
            await Server.Api.SendAsync(HttpMethod.Get, $"{Raw}/GUARDED?{Scenario.Where(projectId)}", null, noToken: true),
            await Server.Api.SendAsync(HttpMethod.Post, $"{Raw}/NEW", Body(projectId, value: "x"), noToken: true),
            await Server.Api.SendAsync(HttpMethod.Patch, $"{Raw}/GUARDED", Body(projectId, value: "x"), noToken: true),
            await Server.Api.SendAsync(HttpMethod.Delete, $"{Raw}/GUARDED", Body(projectId), noToken: true),
        };

        Assert.All(responses, r => r.ShouldBe(HttpStatusCode.Unauthorized));
        Assert.All(responses, r => Assert.DoesNotContain("guarded-value", r.Text, StringComparison.Ordinal));
        Assert.Equal("guarded-value", await Scenario.SecretValueAsync(Server, projectId, "GUARDED"));
    }

    private static Dictionary<string, object?> Body(string projectId, string environment = "dev", string secretPath = "/", string? value = null)
    {
        var body = new Dictionary<string, object?> { ["workspaceId"] = projectId, ["environment"] = environment, ["secretPath"] = secretPath };
        if (value is not null)
        {
            body["secretValue"] = value;
        }

        return body;
    }
}
