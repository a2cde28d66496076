using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>Infisical's v3 raw secrets API: versions, folders, the location rules, and rotation-owned secrets being read-only.</summary>
public sealed class SecretEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/api/v3/secrets/raw";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_New_IsVersionOneWithInfisicalFields()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        var response = (await Server.Api.PostAsync($"{Path}/DB_PASSWORD", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = "hunter2" }))
            .ShouldBe(HttpStatusCode.OK);

        var secret = response.Body["secret"]!;
        Assert.True(Guid.TryParse(secret["id"]!.GetValue<string>(), out _));
        Assert.Equal("DB_PASSWORD", secret["secretKey"]!.GetValue<string>());
        Assert.Equal("hunter2", secret["secretValue"]!.GetValue<string>());
        Assert.Equal(1, secret["version"]!.GetValue<int>());
        Assert.Equal("shared", secret["type"]!.GetValue<string>());
        Assert.Equal("dev", secret["environment"]!.GetValue<string>());
        Assert.Equal("/", secret["secretPath"]!.GetValue<string>());
        Assert.Equal(projectId, secret["workspace"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_FieldsInfisicalClientsSend_AreAccepted()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        // The body @infisical/sdk and the Infisical CLI send; Keyturn keeps the value and has no use for the rest.
        var body = new
        {
            workspaceId = projectId,
            projectId,
            environment = "dev",
            secretPath = "/",
            secretValue = "from-an-infisical-client",
            type = "shared",
            secretComment = "a comment",
            skipMultilineEncoding = false,
            tagIds = Array.Empty<string>(),
            secretReminderNote = "rotate me",
            secretReminderRepeatDays = 30,
            metadata = new { owner = "team-a" },
            secretMetadata = new[] { new { key = "owner", value = "team-a" } },
        };
        (await Server.Api.PostAsync($"{Path}/FROM_SDK", body)).ShouldBe(HttpStatusCode.OK);
        (await Server.Api.PatchAsync($"{Path}/FROM_SDK", body with { secretValue = "changed" })).ShouldBe(HttpStatusCode.OK);

        var secret = (await Scenario.GetSecretAsync(Server, projectId, "FROM_SDK")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal("changed", secret["secretValue"]!.GetValue<string>());
        Assert.Equal(2, secret["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_ShapeIsInfisicalsWithEveryField()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "SHAPE", "v");

        var secret = (await Scenario.GetSecretAsync(Server, projectId, "SHAPE")).ShouldBe(HttpStatusCode.OK).Body["secret"]!.AsObject();

        Assert.Equal(
            ["id", "_id", "workspace", "environment", "secretPath", "secretKey", "secretValue", "secretComment", "version", "type", "isRotatedSecret", "rotationId", "createdAt", "updatedAt"],
            secret.Select(p => p.Key));
        Assert.Equal(secret["id"]!.GetValue<string>(), secret["_id"]!.GetValue<string>());
        Assert.False(secret["isRotatedSecret"]!.GetValue<bool>());
        Assert.Null(secret["rotationId"]);
    }

    [Fact]
    public async Task Get_ManyParallelReadsWhileValuesChange_EachAnswerIsAWrittenVersionWithItsOwnValue()
    {
        // Reads share pooled ciphers and a cache; a mix-up between concurrent requests would show as a value that
        // does not belong to the version or the secret returned.
        var projectId = await Scenario.CreateProjectAsync(Server);
        var keys = Enumerable.Range(0, 8).Select(i => $"PAR_{i}").ToList();
        foreach (var key in keys)
        {
            await Scenario.CreateSecretAsync(Server, projectId, key, $"{key}:v1");
        }

        var writer = Task.Run(async () =>
        {
            for (var version = 2; version <= 6; version++)
            {
                foreach (var key in keys)
                {
                    (await Server.Api.PatchAsync($"{Path}/{key}", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = $"{key}:v{version}" }))
                        .ShouldBe(HttpStatusCode.OK);
                }
            }
        });
        var readers = Enumerable.Range(0, 8).Select(r => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var key = keys[(r + i) % keys.Count];
                var secret = (await Scenario.GetSecretAsync(Server, projectId, key)).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
                Assert.Equal($"{key}:v{secret["version"]!.GetValue<int>()}", secret["secretValue"]!.GetValue<string>());
            }
        }));
        await Task.WhenAll([writer, .. readers]);

        foreach (var key in keys)
        {
            var secret = (await Scenario.GetSecretAsync(Server, projectId, key)).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
            Assert.Equal($"{key}:v6", secret["secretValue"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Get_Created_ReturnsValue()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var created = await Scenario.CreateSecretAsync(Server, projectId, "API_KEY", "abc123");

        var secret = (await Scenario.GetSecretAsync(Server, projectId, "API_KEY")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;

        Assert.Equal(created["id"]!.GetValue<string>(), secret["id"]!.GetValue<string>());
        Assert.Equal("abc123", secret["secretValue"]!.GetValue<string>());
        Assert.Equal(1, secret["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_Folder_ReturnsOnlyThatFolder()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "ROOT_ONE", "1");
        await Scenario.CreateSecretAsync(Server, projectId, "ROOT_TWO", "2");
        await Scenario.CreateSecretAsync(Server, projectId, "NESTED", "3", "/app");
        (await Server.Api.PostAsync($"{Path}/STAGING_ONLY", new { workspaceId = projectId, environment = "staging", secretPath = "/", secretValue = "4" })).ShouldBe(HttpStatusCode.OK);

        var secrets = (await Server.Api.GetAsync($"{Path}?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK).Body["secrets"]!.AsArray();

        Assert.Equal(["ROOT_ONE", "ROOT_TWO"], secrets.Select(s => s!["secretKey"]!.GetValue<string>()).Order());
        Assert.Equal(["1", "2"], secrets.Select(s => s!["secretValue"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Update_Existing_AddsVersionTwoAndKeepsVersionOne()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "ROTATE_ME", "old-value");

        var updated = (await Server.Api.PatchAsync($"{Path}/ROTATE_ME", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = "new-value" }))
            .ShouldBe(HttpStatusCode.OK).Body["secret"]!;

        Assert.Equal(2, updated["version"]!.GetValue<int>());
        Assert.Equal("new-value", updated["secretValue"]!.GetValue<string>());
        Assert.Equal("new-value", await Scenario.SecretValueAsync(Server, projectId, "ROTATE_ME"));
        var v1 = (await Server.Api.GetAsync($"{Path}/ROTATE_ME?{Scenario.Where(projectId)}&version=1")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal("old-value", v1["secretValue"]!.GetValue<string>());
        Assert.Equal(1, v1["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_WithBody_RemovesSecret()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "GONE_BODY", "x");

        var deleted = (await Server.Api.DeleteAsync($"{Path}/GONE_BODY", new { workspaceId = projectId, environment = "dev", secretPath = "/" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("GONE_BODY", deleted.Body["secret"]!["secretKey"]!.GetValue<string>());
        (await Scenario.GetSecretAsync(Server, projectId, "GONE_BODY")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_WithQueryString_RemovesSecret()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "GONE_QUERY", "x");

        (await Server.Api.DeleteAsync($"{Path}/GONE_QUERY?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK);

        (await Scenario.GetSecretAsync(Server, projectId, "GONE_QUERY")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_Duplicate_Is409AndKeepsFirstValue()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "ONCE", "first");

        (await Server.Api.PostAsync($"{Path}/ONCE", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = "second" }))
            .ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal("first", await Scenario.SecretValueAsync(Server, projectId, "ONCE"));
    }

    [Fact]
    public async Task Update_Missing_Is404()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        (await Server.Api.PatchAsync($"{Path}/NOPE", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = "x" }))
            .ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_BadKey_Is400NamingSecretName()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        var response = (await Server.Api.PostAsync($"{Path}/1BAD", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = "x" }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("secretName"));
        (await Scenario.GetSecretAsync(Server, projectId, "1BAD")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_MissingSecretValue_Is400NamingSecretValue()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        var response = (await Server.Api.PostAsync($"{Path}/NO_VALUE", new { workspaceId = projectId, environment = "dev", secretPath = "/" }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("secretValue"));
        (await Scenario.GetSecretAsync(Server, projectId, "NO_VALUE")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UnknownWorkspace_Is404()
    {
        (await Server.Api.PostAsync($"{Path}/KEY", new { workspaceId = Guid.NewGuid(), environment = "dev", secretPath = "/", secretValue = "x" }))
            .ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_UnknownWorkspace_Is404()
    {
        (await Scenario.GetSecretAsync(Server, Guid.NewGuid().ToString(), "KEY")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UnknownEnvironment_Is404()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        (await Server.Api.PostAsync($"{Path}/KEY", new { workspaceId = projectId, environment = "qa", secretPath = "/", secretValue = "x" }))
            .ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_UnknownEnvironment_Is404()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        (await Server.Api.GetAsync($"{Path}?{Scenario.Where(projectId, environment: "qa")}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_RelativeSecretPath_Is400NamingSecretPath()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        var response = (await Server.Api.PostAsync($"{Path}/KEY", new { workspaceId = projectId, environment = "dev", secretPath = "a/b", secretValue = "x" }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("secretPath"));
    }

    [Fact]
    public async Task Create_NestedPath_CreatesFolderImplicitly()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        var created = await Scenario.CreateSecretAsync(Server, projectId, "DEEP", "deep-value", "/a/b");

        Assert.Equal("/a/b", created["secretPath"]!.GetValue<string>());
        Assert.Equal("deep-value", (await Scenario.GetSecretAsync(Server, projectId, "DEEP", "/a/b")).ShouldBe(HttpStatusCode.OK).Body["secret"]!["secretValue"]!.GetValue<string>());
        var nested = (await Server.Api.GetAsync($"{Path}?{Scenario.Where(projectId, secretPath: "/a/b")}")).ShouldBe(HttpStatusCode.OK).Body["secrets"]!.AsArray();
        Assert.Equal("DEEP", Assert.Single(nested)!["secretKey"]!.GetValue<string>());
        var root = (await Server.Api.GetAsync($"{Path}?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK).Body["secrets"]!.AsArray();
        Assert.Empty(root);
    }

    [Fact]
    public async Task List_NeverWrittenPath_IsEmpty()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        var response = (await Server.Api.GetAsync($"{Path}?{Scenario.Where(projectId, secretPath: "/never/written")}")).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(response.Body["secrets"]!.AsArray());
    }

    [Fact]
    public async Task Get_UnknownQueryParameters_AreIgnored()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        await Scenario.CreateSecretAsync(Server, projectId, "TOLERANT", "v");

        var one = (await Server.Api.GetAsync($"{Path}/TOLERANT?{Scenario.Where(projectId)}&include_imports=true&expandSecretReferences=false&foo=bar"))
            .ShouldBe(HttpStatusCode.OK);
        var list = (await Server.Api.GetAsync($"{Path}?{Scenario.Where(projectId)}&recursive=false&viewSecretValue=true&foo=bar")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("v", one.Body["secret"]!["secretValue"]!.GetValue<string>());
        Assert.Single(list.Body["secrets"]!.AsArray());
    }

    [Fact]
    public async Task Update_RotationOwnedSecret_Is409AndUnchanged()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var before = (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;

        (await Server.Api.PatchAsync($"{Path}/AZURE_CLIENT_SECRET", new { workspaceId = setup.ProjectId, environment = "dev", secretPath = "/", secretValue = "hijacked" }))
            .ShouldBe(HttpStatusCode.Conflict);

        var after = (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal(before["secretValue"]!.GetValue<string>(), after["secretValue"]!.GetValue<string>());
        Assert.Equal(before["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
        Assert.True(after["isRotatedSecret"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_RotationOwnedSecret_Is409AndUnchanged()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var before = await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        (await Server.Api.DeleteAsync($"{Path}/AZURE_CLIENT_SECRET", new { workspaceId = setup.ProjectId, environment = "dev", secretPath = "/" }))
            .ShouldBe(HttpStatusCode.Conflict);
        (await Server.Api.DeleteAsync($"{Path}/AZURE_CLIENT_ID?{Scenario.Where(setup.ProjectId)}")).ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal(before, await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.Equal(setup.App.ClientId, await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_ID"));
    }
}
