using System.Net;
using Keyturn.AzureEmulator;
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

    [Fact]
    public async Task RotateSecrets_SuccessThenFailure_RecordRotateRequestedWithTheActorAndEachOutcome()
    {
        // The entry commits inside the attempt's activation or failure, not after it, and must still say who and what came of it.
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var path = $"{Scenario.RotationsPath}/{setup.RotationId}/rotate-secrets";
        (await server.Api.PostAsync(path, null)).ShouldBe(HttpStatusCode.OK);
        server.Emulator.Control.InjectFault(new FaultRule("POST", $"{setup.App.ObjectId}/addPassword", 403, ErrorCode: "Authorization_RequestDenied", Message: "denied"));

        var failed = (await server.Api.PostAsync(path, null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
        var audit = (await server.Api.GetAsync($"/api/v1/audit-logs?projectId={setup.ProjectId}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
        var requested = audit.Where(e => e!["action"]!.GetValue<string>() == "secret-rotation.rotate-requested").ToList();
        Assert.Equal(["failed", "success"], requested.Select(e => e!["details"]!["status"]!.GetValue<string>()).Order());
        Assert.All(requested, e => Assert.NotEqual("rotation-engine", e!["actor"]!.GetValue<string>()));
        Assert.All(requested, e => Assert.Equal(setup.RotationId, e!["resourceId"]!.GetValue<string>()));
        Assert.Single(audit, e => e!["action"]!.GetValue<string>() == "secret-rotation.failed");
    }

    [Fact]
    public async Task RotateSecrets_OtherType_Is404AndLeavesTheRotationFree()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);

        (await server.Api.PostAsync($"/api/v2/secret-rotations/some-other-type/{setup.RotationId}/rotate-secrets", null)).ShouldBe(HttpStatusCode.NotFound);

        (await server.Api.PostAsync($"{Scenario.RotationsPath}/{setup.RotationId}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);
        var audit = (await server.Api.GetAsync($"/api/v1/audit-logs?projectId={setup.ProjectId}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
        Assert.Single(audit, e => e!["action"]!.GetValue<string>() == "secret-rotation.rotate-requested");
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
