using System.Net;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared.Databases;
using Npgsql;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// Reconcile of a fixed-slot type whose passwords the engine generates: the stored password of each owned slot is
/// verified by one real sign-in on the PostgreSQL test server, so a password a DBA changed is reported as changed.
/// </summary>
public sealed class DatabaseCredentialsReconcileTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [PostgresFact]
    public async Task Reconcile_PasswordChangedByADba_ReportsTheActiveSlotChangedWithoutAnyPassword()
    {
        await using var db = await ScratchDatabases.CreateAsync("postgres");
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = (await Server.Api.PostAsync($"/api/v1/app-connections/{db.App}", db.ConnectionBody($"c-{Guid.NewGuid():N}"[..20])))
            .ShouldBe(HttpStatusCode.OK).Body["appConnection"]!["id"]!.GetValue<string>();
        var path = $"/api/v2/secret-rotations/{db.RotationType}";
        var id = (await Server.Api.PostAsync(path, new
        {
            name = "db-reconcile",
            projectId,
            connectionId,
            environment = "dev",
            secretPath = "/",
            isAutoRotationEnabled = false,
            rotationInterval = 30,
            parameters = new { username1 = db.Accounts[0], username2 = db.Accounts[1] },
            secretsMapping = new { username = "DB_USER", password = "DB_PASSWORD" },
        })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var clean = (await Server.Api.PostAsync($"{path}/{id}/reconcile", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        var mapped = await Scenario.SecretValueAsync(Server, projectId, "DB_PASSWORD");
        var byDba = ScratchDatabases.NewPassword();
        await SetPasswordAsync(db.Accounts[0], byDba);

        var response = (await Server.Api.PostAsync($"{path}/{id}/reconcile", null)).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(clean["findings"]!.AsArray());
        var changed = Assert.Single(response.Body["reconcile"]!["findings"]!.AsArray())!;
        Assert.Equal("changed", changed["kind"]!.GetValue<string>());
        Assert.Equal(0, changed["slot"]!.GetValue<int>());
        Assert.Equal("reported", changed["action"]!.GetValue<string>());
        Assert.Contains("28P01", changed["message"]!.GetValue<string>());
        Assert.DoesNotContain(mapped, response.Text);
        Assert.DoesNotContain(byDba, response.Text);
        // One sign-in, nothing set: the DBA's password still stands.
        Assert.True(await db.CanLoginAsync(db.LoginNames[0], byDba));
    }

    /// <summary>As the server's superuser, as a DBA would (the names are made of hex digits, so writing them in is safe).</summary>
    private static async Task SetPasswordAsync(string role, string password)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.Require(TestDatabases.PostgresVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER ROLE {role} PASSWORD '{password}'", connection);
        await command.ExecuteNonQueryAsync();
    }
}
