using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// POST /api/v1/app-connections/azure/{id}/rotate-credentials against the emulator over HTTPS: the connection rotates
/// its own client secret, dual-phase, and keeps rotating other apps' secrets.
/// </summary>
public sealed class AppConnectionSelfRotationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task RotateCredentials_WithClientSecretId_SecondRotationRevokesTheHumanSecret()
    {
        var connection = await SelfRotatingConnection.CreateAsync(Server, nameHumanSecret: true);
        var rotationId = await connection.CreateTargetRotationAsync();
        var human = connection.App.InitialSecret!;

        var first = await connection.RotateAsync();
        var new1 = Guid.Parse(first["credentialRotation"]!["activeCredentialId"]!.GetValue<string>());
        Assert.Equal(connection.HumanKeyId.ToString(), first["credentialRotation"]!["previousCredentialId"]!.GetValue<string>());
        Assert.True(Server.Emulator.Control.Authenticates(connection.App.ClientId, human)); // previous stays valid until the next self-rotation
        Assert.Equal([new1], connection.ConnectionMade().Select(p => p.KeyId));
        Assert.NotNull(first["credentialsRotatedAt"]);
        await Scenario.RotateAsync(Server, rotationId); // the connection works with its new secret
        var secret1 = await connection.CurrentSecretAsync();
        Assert.NotEqual(human, secret1);
        Assert.True(connection.Authenticates(secret1));

        var second = await connection.RotateAsync();
        var new2 = Guid.Parse(second["credentialRotation"]!["activeCredentialId"]!.GetValue<string>());
        Assert.Equal(new1.ToString(), second["credentialRotation"]!["previousCredentialId"]!.GetValue<string>());
        Assert.False(Server.Emulator.Control.Authenticates(connection.App.ClientId, human));
        Assert.False(connection.HumanSecretExists());
        Assert.Equal(new HashSet<Guid> { new1, new2 }, connection.ConnectionMade().Select(p => p.KeyId).ToHashSet());
        await Scenario.RotateAsync(Server, rotationId);

        Assert.True(connection.Authenticates(secret1)); // the previous one stays valid until the next self-rotation
        var secret2 = await connection.CurrentSecretAsync();

        var third = await connection.RotateAsync();
        var new3 = Guid.Parse(third["credentialRotation"]!["activeCredentialId"]!.GetValue<string>());
        Assert.False(connection.Authenticates(secret1)); // refused by the token endpoint once the next self-rotation revoked it
        Assert.True(connection.Authenticates(secret2));
        Assert.True(connection.Authenticates(await connection.CurrentSecretAsync()));
        Assert.Equal(new HashSet<Guid> { new2, new3 }, connection.ConnectionMade().Select(p => p.KeyId).ToHashSet());
        var rotated = await Scenario.RotateAsync(Server, rotationId);
        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());

        var history = (await Server.Api.GetAsync($"{SelfRotatingConnection.Path}/{connection.Id}/credential-rotations")).ShouldBe(HttpStatusCode.OK);
        var jobs = history.Body["credentialRotations"]!.AsArray();
        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("succeeded", j!["status"]!.GetValue<string>()));
        Assert.DoesNotContain(human, history.Text);
    }

    [Fact]
    public async Task RotateCredentials_WithoutClientSecretId_NeverTouchesTheHumanSecret()
    {
        var connection = await SelfRotatingConnection.CreateAsync(Server, nameHumanSecret: false);
        var rotationId = await connection.CreateTargetRotationAsync();

        var created = await connection.GetAsync();
        Assert.Null(created["credentialRotation"]!["initialCredentialId"]);
        Assert.Contains("never revokes it", created["credentialRotation"]!["initialCredential"]!.GetValue<string>());
        await connection.RotateAsync();
        await connection.RotateAsync();
        var third = await connection.RotateAsync();

        Assert.True(connection.HumanSecretExists());
        Assert.True(Server.Emulator.Control.Authenticates(connection.App.ClientId, connection.App.InitialSecret!));
        Assert.Equal(2, connection.ConnectionMade().Count);
        Assert.Equal(third["credentialRotation"]!["activeCredentialId"]!.GetValue<string>(),
            connection.ConnectionMade().OrderBy(p => p.StartDateTime).Last().KeyId.ToString());
        await Scenario.RotateAsync(Server, rotationId);
    }

    [Fact]
    public async Task RotateCredentials_ViewsNeverCarryTheSecret_AndShowTheConfiguration()
    {
        var connection = await SelfRotatingConnection.CreateAsync(Server, nameHumanSecret: true);

        var response = await Server.Api.PostAsync($"{SelfRotatingConnection.Path}/{connection.Id}/rotate-credentials", null);

        response.ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain("clientSecret\"", response.Text);
        Assert.DoesNotContain(connection.App.InitialSecret!, response.Text);
        var view = response.Body["appConnection"]!;
        Assert.Equal(connection.App.ClientId, view["configuration"]!["clientId"]!.GetValue<string>());
        Assert.Equal(Server.Emulator.TenantId, view["configuration"]!["tenantId"]!.GetValue<string>());
        Assert.Equal("success", view["credentialRotation"]!["status"]!.GetValue<string>());
        var audit = (await Server.Api.GetAsync("/api/v1/audit-logs?action=app-connection.credentials-rotated&limit=200")).Text;
        Assert.Contains("app-connection.credentials-rotated", audit);
    }

    [Fact]
    public async Task Create_ClientSecretIdNotOnTheApp_Returns400AndStoresNothing()
    {
        var app = Server.Emulator.Control.CreateApplication($"conn-{Guid.NewGuid():N}"[..15], ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        Server.Emulator.Control.AddOwner(app.ObjectId, app.ObjectId);
        var body = SelfRotatingConnection.Body(Server.Emulator, app, Guid.NewGuid());

        var response = await Server.Api.PostAsync(SelfRotatingConnection.Path, body);

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor("credentials.clientSecretId"));
        Assert.DoesNotContain(app.InitialSecret!, response.Text);
        var listed = (await Server.Api.GetAsync(SelfRotatingConnection.Path)).Text;
        Assert.DoesNotContain(app.ClientId, listed);
    }

    [Fact]
    public async Task RotateCredentials_GraphRefuses_Returns502AndKeepsTheSecret()
    {
        // Without ownership of its own registration, OwnedBy cannot reach it: Graph answers 403, as Entra does.
        var app = Server.Emulator.Control.CreateApplication($"conn-{Guid.NewGuid():N}"[..15], ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        var id = (await Server.Api.PostAsync(SelfRotatingConnection.Path, SelfRotatingConnection.Body(Server.Emulator, app, null))).ShouldBe(HttpStatusCode.OK)
            .Body["appConnection"]!["id"]!.GetValue<string>();

        var response = await Server.Api.PostAsync($"{SelfRotatingConnection.Path}/{id}/rotate-credentials", null);

        response.ShouldBe(HttpStatusCode.BadGateway);
        Assert.Contains("Authorization_RequestDenied", response.Body["detail"]!.GetValue<string>());
        Assert.True(Server.Emulator.Control.Authenticates(app.ClientId, app.InitialSecret!));
        Assert.Single(Server.Emulator.Control.ListPasswords(app.ObjectId));
        var view = (await Server.Api.GetAsync($"{SelfRotatingConnection.Path}/{id}")).Body["appConnection"]!;
        Assert.Equal("failed", view["credentialRotation"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RotateCredentials_UnknownConnection_Returns404()
    {
        (await Server.Api.PostAsync($"{SelfRotatingConnection.Path}/{Guid.NewGuid()}/rotate-credentials", null)).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.PostAsync($"{SelfRotatingConnection.Path}/not-a-guid/rotate-credentials", null)).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.GetAsync($"{SelfRotatingConnection.Path}/{Guid.NewGuid()}/credential-rotations")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RotateCredentials_NewSecretNeverAccepted_RevokesItAndKeepsTheOldOne()
    {
        // The new secret does not propagate within the (short) verify window: it is revoked, the connection keeps its secret.
        await using var server = await TestServer.StartAsync(propagationDelay: TimeSpan.FromHours(1), verifyTimeout: TimeSpan.FromSeconds(1));
        var connection = await SelfRotatingConnection.CreateAsync(server, nameHumanSecret: true);

        var response = await server.Api.PostAsync($"{SelfRotatingConnection.Path}/{connection.Id}/rotate-credentials", null);

        response.ShouldBe(HttpStatusCode.BadGateway);
        Assert.Contains("AADSTS7000215", response.Body["detail"]!.GetValue<string>());
        Assert.Empty(connection.ConnectionMade());
        Assert.True(server.Emulator.Control.Authenticates(connection.App.ClientId, connection.App.InitialSecret!));
        var jobs = (await server.Api.GetAsync($"{SelfRotatingConnection.Path}/{connection.Id}/credential-rotations")).Body["credentialRotations"]!.AsArray();
        Assert.Equal("failed", Assert.Single(jobs)!["status"]!.GetValue<string>());
        Assert.Null((await connection.GetAsync())["credentialsRotatedAt"]);
    }
}
