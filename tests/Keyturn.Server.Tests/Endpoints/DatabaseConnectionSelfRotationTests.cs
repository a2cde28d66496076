using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared.Databases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// A postgres or mysql connection rotating its own password in place against the real servers, signed in as a scratch
/// admin account (CREATEROLE / CREATE USER, never the test superuser): after each self-rotation the password it had
/// no longer signs in, and the connection (holding only the new one) still rotates a credentials rotation.
/// </summary>
public sealed class DatabaseConnectionSelfRotationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task RotateCredentialsTwice_OldPasswordRefused_ConnectionStillRotatesAccounts(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var (admin, initialPassword) = Admin(db);
        var connectionId = await CreateConnectionAsync(Server, db);
        var path = $"/api/v1/app-connections/{app}/{connectionId}";

        var first = (await Server.Api.PostAsync($"{path}/rotate-credentials", null)).ShouldBe(HttpStatusCode.OK).Body["appConnection"]!;
        Assert.Equal("success", first["credentialRotation"]!["status"]!.GetValue<string>());
        Assert.False(await db.CanLoginAsync(admin, initialPassword), "the password the connection was created with must no longer sign in");
        Assert.DoesNotContain(initialPassword, first.ToJsonString());

        (await Server.Api.PostAsync($"{path}/rotate-credentials", null)).ShouldBe(HttpStatusCode.OK);
        Assert.False(await db.CanLoginAsync(admin, initialPassword));

        var history = (await Server.Api.GetAsync($"{path}/credential-rotations")).ShouldBe(HttpStatusCode.OK).Body["credentialRotations"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.All(history, j => Assert.Equal("succeeded", j!["status"]!.GetValue<string>()));

        // Only the connection's stored (second) password can have done this: the first two are gone.
        await AssertConnectionRotatesAccountsAsync(Server, db, connectionId);
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task RunDueAsync_AutoRotationDue_SetsANewPasswordOnceAndSchedulesTheNext(string app)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(timeProvider: clock);
        await using var db = await ScratchDatabases.CreateAsync(app);
        var (admin, initialPassword) = Admin(db);
        var connectionId = await CreateConnectionAsync(server, db);
        var path = $"/api/v1/app-connections/{app}/{connectionId}";
        var next = (await server.Api.PatchAsync(path,
            new { credentialRotation = new { isAutoRotationEnabled = true, rotationInterval = 3, rotateAtUtc = new { hours = 2, minutes = 0 } } }))
            .ShouldBe(HttpStatusCode.OK).Body["appConnection"]!["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>();
        var scheduler = server.Host.Services.GetRequiredService<ConnectionCredentialScheduler>();

        clock.SetUtcNow(next.AddSeconds(-1));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.True(await db.CanLoginAsync(admin, initialPassword), "not due yet: the password is unchanged");

        clock.SetUtcNow(next.AddSeconds(5));
        await scheduler.RunDueAsync(CancellationToken.None);
        // The host's own loop also ticks when the fake clock jumps, and may be the one running the attempt.
        await Wait.UntilAsync(async () => (await server.Api.GetAsync(path)).Body["appConnection"]!["credentialsRotatedAt"] is not null, "the scheduled self-rotation");
        await scheduler.RunDueAsync(CancellationToken.None);

        Assert.False(await db.CanLoginAsync(admin, initialPassword));
        var view = (await server.Api.GetAsync(path)).Body["appConnection"]!;
        Assert.Equal(next.AddDays(3), view["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>());
        var jobs = (await server.Api.GetAsync($"{path}/credential-rotations")).Body["credentialRotations"]!.AsArray();
        Assert.Equal("schedule", Assert.Single(jobs)!["trigger"]!.GetValue<string>());
        await AssertConnectionRotatesAccountsAsync(server, db, connectionId);
    }

    /// <summary>An operator changed the password behind Keyturn's back: neither password signs in, so it fails plainly and changes nothing.</summary>
    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task RotateCredentials_PasswordChangedOutOfBand_502SaysNeitherSignsInAndChangesNothing(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var (admin, _) = Admin(db);
        var connectionId = await CreateConnectionAsync(Server, db);
        var changed = ScratchDatabases.NewPassword();
        await db.SetAdminPasswordAsync(changed);

        var response = (await Server.Api.PostAsync($"/api/v1/app-connections/{app}/{connectionId}/rotate-credentials", null)).ShouldBe(HttpStatusCode.BadGateway);

        var detail = response.Body["detail"]!.GetValue<string>();
        Assert.Contains("Neither the new password nor the stored one signs in", detail);
        Assert.Contains("journal", detail);
        Assert.True(await db.CanLoginAsync(admin, changed), "the account keeps the password the operator set");
        var jobs = (await Server.Api.GetAsync($"/api/v1/app-connections/{app}/{connectionId}/credential-rotations")).Body["credentialRotations"]!.AsArray();
        Assert.Equal("failed", Assert.Single(jobs)!["status"]!.GetValue<string>());
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task RotateCredentials_UnknownId_404(string app) =>
        (await Server.Api.PostAsync($"/api/v1/app-connections/{app}/{Guid.NewGuid()}/rotate-credentials", null)).ShouldBe(HttpStatusCode.NotFound);

    internal static (string User, string Password) Admin(IScratchDatabase db)
    {
        var credentials = JsonNode.Parse(JsonSerializer.Serialize(db.ConnectionBody("unused")))!["credentials"]!;
        return (credentials["username"]!.GetValue<string>(), credentials["password"]!.GetValue<string>());
    }

    private static async Task<string> CreateConnectionAsync(TestServer server, IScratchDatabase db) =>
        (await server.Api.PostAsync($"/api/v1/app-connections/{db.App}", db.ConnectionBody($"c-{Guid.NewGuid():N}"[..20])))
            .ShouldBe(HttpStatusCode.OK).Body["appConnection"]!["id"]!.GetValue<string>();

    /// <summary>Creates a credentials rotation through the connection and rotates it once: both need the connection's current password.</summary>
    private static async Task AssertConnectionRotatesAccountsAsync(TestServer server, IScratchDatabase db, string connectionId)
    {
        var projectId = await Scenario.CreateProjectAsync(server);
        var rotation = (await server.Api.PostAsync($"/api/v2/secret-rotations/{db.RotationType}", new
        {
            name = "db-rotation",
            projectId,
            connectionId,
            environment = "dev",
            secretPath = "/",
            isAutoRotationEnabled = false,
            rotationInterval = 30,
            parameters = new { username1 = db.Accounts[0], username2 = db.Accounts[1] },
            secretsMapping = new { username = "DB_USER", password = "DB_PASSWORD" },
        })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        (await server.Api.PostAsync($"/api/v2/secret-rotations/{db.RotationType}/{rotation}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);
        var user = await Scenario.SecretValueAsync(server, projectId, "DB_USER");
        var password = await Scenario.SecretValueAsync(server, projectId, "DB_PASSWORD");
        Assert.Equal(db.LoginNames[1], user);
        Assert.True(await db.CanLoginAsync(user, password));
    }
}
