using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

public sealed class AuditLogEndpointsTests
{
    [Fact]
    public async Task List_AfterWritesAndRotation_RecordsActionsWithoutSecretValues()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        const string plain = "audit-plain-value-7f3a";
        (await server.Api.PostAsync("/api/v3/secrets/raw/DB_PASSWORD", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = plain })).ShouldBe(HttpStatusCode.OK);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);
        var rotationId = (await server.Api.PostAsync("/api/v2/secret-rotations/azure-client-secret", Scenario.RotationBody(projectId, connectionId, app)))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        (await server.Api.PostAsync($"/api/v2/secret-rotations/azure-client-secret/{rotationId}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);
        var published = await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET");

        var audit = (await server.Api.GetAsync($"/api/v1/audit-logs?projectId={projectId}")).ShouldBe(HttpStatusCode.OK);

        var actions = audit.Body["auditLogs"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("project.created", actions);
        Assert.Contains("secret.created", actions);
        Assert.Contains("secret-rotation.created", actions);
        Assert.Equal(2, actions.Count(a => a == "secret-rotation.rotated"));
        Assert.All(audit.Body["auditLogs"]!.AsArray(), e => Assert.Equal(projectId, e!["projectId"]!.GetValue<string>()));
        Assert.DoesNotContain(plain, audit.Text);
        Assert.DoesNotContain(published, audit.Text);
        Assert.DoesNotContain(server.Emulator.AdminApp.InitialSecret!, (await server.Api.GetAsync("/api/v1/audit-logs")).Text);
    }

    [Theory]
    [InlineData("projectId=nope", "projectId")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task List_BadQuery_Returns400NamingTheField(string query, string field)
    {
        await using var server = await TestServer.StartAsync();

        var response = (await server.Api.GetAsync($"/api/v1/audit-logs?{query}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor(field));
    }
}
