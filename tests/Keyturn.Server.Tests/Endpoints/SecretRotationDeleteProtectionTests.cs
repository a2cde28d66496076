using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// isDeleteProtected (DELETE answers 409 while it is on) and the refused unsafe delete (revoking while keeping the
/// secrets, which would leave consumers reading revoked values): refused requests change nothing, here or at Azure.
/// </summary>
public sealed class SecretRotationDeleteProtectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Delete_Protected_409UntilPatchedOffThenDeletes()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await Scenario.CreateConnectionAsync(Server);
        var app = Scenario.CreateTargetApp(Server);
        var body = Scenario.RotationBody(projectId, connectionId, app);
        body["isDeleteProtected"] = true;
        var created = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var id = created["id"]!.GetValue<string>();
        Assert.True(created["isDeleteProtected"]!.GetValue<bool>());
        var secret = await Scenario.SecretValueAsync(Server, projectId, "AZURE_CLIENT_SECRET");

        var refused = (await Server.Api.DeleteAsync($"{Path}/{id}?deleteSecrets=true&revokeGeneratedCredentials=true&force=true")).ShouldBe(HttpStatusCode.Conflict);

        Assert.Contains("isDeleteProtected", refused.Body["detail"]!.GetValue<string>());
        Assert.True((await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["isDeleteProtected"]!.GetValue<bool>());
        Assert.Equal(secret, await Scenario.SecretValueAsync(Server, projectId, "AZURE_CLIENT_SECRET"));
        Assert.True(Server.Emulator.Control.Authenticates(app.ClientId, secret));
        Assert.Single(Scenario.KeyturnMade(Server, app));
        var listed = (await Server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!;
        Assert.True(Assert.Single(listed.AsArray())!["isDeleteProtected"]!.GetValue<bool>());

        var patched = (await Server.Api.PatchAsync($"{Path}/{id}", new { isDeleteProtected = false })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.False(patched["isDeleteProtected"]!.GetValue<bool>());
        (await Server.Api.DeleteAsync($"{Path}/{id}?deleteSecrets=true&revokeGeneratedCredentials=true")).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(Scenario.KeyturnMade(Server, app));
        var actions = (await Server.Api.GetAsync($"/api/v1/audit-logs?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray()
            .Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("secret-rotation.delete-protection-disabled", actions);
        Assert.Contains("secret-rotation.deleted", actions);
    }

    [Fact]
    public async Task Patch_ProtectionOn_DeleteRefusedAndAudited()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        Assert.False(setup.Rotation["isDeleteProtected"]!.GetValue<bool>());

        (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { isDeleteProtected = true })).ShouldBe(HttpStatusCode.OK);
        // The rotate answer is written by the source-generated serializer: the field is there too.
        Assert.True((await Scenario.RotateAsync(Server, setup.RotationId))["isDeleteProtected"]!.GetValue<bool>());

        (await Server.Api.DeleteAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.Conflict);
        (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK);
        var audit = (await Server.Api.GetAsync($"/api/v1/audit-logs?projectId={setup.ProjectId}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "secret-rotation.delete-protection-enabled");
    }

    [Fact]
    public async Task CreateAndPatch_ProtectionNotABoolean_400NamingTheField()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await Scenario.CreateConnectionAsync(Server);
        var app = Scenario.CreateTargetApp(Server);
        var body = Scenario.RotationBody(projectId, connectionId, app);
        body["isDeleteProtected"] = "yes";

        var create = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["must be true or false"], create.ErrorsFor("isDeleteProtected"));
        Assert.Equal("initial", Assert.Single(Server.Emulator.Control.ListPasswords(app.ObjectId)).DisplayName);
        var setup = await Scenario.CreateRotationAsync(Server);
        var patch = (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { isDeleteProtected = "false" })).ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal(["must be true or false"], patch.ErrorsFor("isDeleteProtected"));
    }

    [Fact]
    public async Task Delete_RevokeButKeepSecrets_400UnlessForcedAndNothingChanges()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var secret = await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        var made = Assert.Single(Scenario.KeyturnMade(Server, setup.App)).KeyId;

        var refused = (await Server.Api.DeleteAsync($"{Path}/{setup.RotationId}?revokeGeneratedCredentials=true&deleteSecrets=false")).ShouldBe(HttpStatusCode.BadRequest);
        var refusedByDefault = (await Server.Api.DeleteAsync($"{Path}/{setup.RotationId}?revokeGeneratedCredentials=true")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(refused.ErrorsFor("revokeGeneratedCredentials"));
        Assert.Contains("force=true", Assert.Single(refused.ErrorsFor("deleteSecrets")));
        Assert.Contains("deleteSecrets=true", Assert.Single(refused.ErrorsFor("deleteSecrets")));
        Assert.NotEmpty(refusedByDefault.ErrorsFor("deleteSecrets"));
        (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(secret, await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.Equal(made, Assert.Single(Scenario.KeyturnMade(Server, setup.App)).KeyId);
        Assert.True(Server.Emulator.Control.Authenticates(setup.App.ClientId, secret));
        var slots = (await Server.Api.GetAsync($"{Path}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body["generatedCredentials"]!;
        Assert.Equal(secret, slots[0]!["clientSecret"]!.GetValue<string>());

        (await Server.Api.DeleteAsync($"{Path}/{setup.RotationId}?revokeGeneratedCredentials=true&deleteSecrets=false&force=true")).ShouldBe(HttpStatusCode.OK);

        // Forced: the credential is revoked and the secret stays, as an ordinary secret holding the revoked value.
        Assert.Empty(Scenario.KeyturnMade(Server, setup.App));
        Assert.Equal(secret, await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.False(Server.Emulator.Control.Authenticates(setup.App.ClientId, secret));
    }
}
