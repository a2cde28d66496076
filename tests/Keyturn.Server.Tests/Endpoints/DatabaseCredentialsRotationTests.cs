using System.Net;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared.Databases;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// postgres-credentials and mysql-credentials through the API against the real servers: two accounts made for each test,
/// a database login with the mapped secrets after every step, the previous account working until the next rotation.
/// </summary>
public sealed class DatabaseCredentialsRotationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task CreateRotateTwiceDelete_MappedSecretsLogIn_PreviousAccountWorksUntilTheNextRotation(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await CreateConnectionAsync(db);
        var path = $"/api/v2/secret-rotations/{db.RotationType}";

        var created = (await Server.Api.PostAsync(path, RotationBody(db, projectId, connectionId))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var id = created["id"]!.GetValue<string>();
        var first = await MappedAsync(projectId);
        Assert.Equal(db.LoginNames[0], first.User);
        Assert.True(await db.CanLoginAsync(first.User, first.Password), "the created password must log in");
        Assert.False(await db.CanLoginAsync(db.LoginNames[0], db.InitialPasswords[0]), "username1's old password must be replaced");
        Assert.True(await db.CanLoginAsync(db.LoginNames[1], db.InitialPasswords[1]), "username2 is untouched until the first rotation");

        var r1 = (await Server.Api.PostAsync($"{path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var second = await MappedAsync(projectId);
        Assert.Equal(1, r1["activeIndex"]!.GetValue<int>());
        Assert.Equal(db.LoginNames[1], second.User);
        Assert.True(await db.CanLoginAsync(second.User, second.Password));
        Assert.True(await db.CanLoginAsync(first.User, first.Password), "the previous account keeps working until the next rotation");
        Assert.False(await db.CanLoginAsync(db.LoginNames[1], db.InitialPasswords[1]));

        (await Server.Api.PostAsync($"{path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);
        var third = await MappedAsync(projectId);
        Assert.Equal(db.LoginNames[0], third.User);
        Assert.NotEqual(first.Password, third.Password);
        Assert.True(await db.CanLoginAsync(third.User, third.Password));
        Assert.True(await db.CanLoginAsync(second.User, second.Password), "the previous account keeps working until the next rotation");
        Assert.False(await db.CanLoginAsync(first.User, first.Password), "the oldest password is replaced");

        (await Server.Api.DeleteAsync($"{path}/{id}?deleteSecrets=true")).ShouldBe(HttpStatusCode.OK);
        (await Server.Api.DeleteAsync($"/api/v1/app-connections/{db.App}/{connectionId}")).ShouldBe(HttpStatusCode.OK);
        Assert.True(await db.CanLoginAsync(third.User, third.Password), "deleting the rotation leaves the accounts as they are");
    }

    [DatabasesTheory]
    [InlineData("postgres", "username1")]
    [InlineData("postgres", "username2")]
    [InlineData("mysql", "username1")]
    [InlineData("mysql", "username2")]
    public async Task Create_UsernameWithSql_400NamingTheFieldAndNothingChanges(string app, string field)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await CreateConnectionAsync(db);
        var injected = app == "postgres"
            ? $"{db.LoginNames[0]}\" PASSWORD 'x'; DROP ROLE {db.LoginNames[1]}; --"
            : $"{db.LoginNames[0]}'@'%' IDENTIFIED BY 'x'; DROP USER '{db.LoginNames[1]}'@'%'; --";
        var parameters = field == "username1"
            ? new { username1 = injected, username2 = db.Accounts[1] }
            : new { username1 = db.Accounts[0], username2 = injected };

        var response = (await Server.Api.PostAsync($"/api/v2/secret-rotations/{db.RotationType}", RotationBody(db, projectId, connectionId, parameters)))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor($"parameters.{field}"));
        Assert.DoesNotContain("x'", response.Text.Replace(injected, "", StringComparison.Ordinal), StringComparison.Ordinal);
        await AssertUntouchedAsync(db, projectId);
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Create_Username2DoesNotExist_RefusedNamingItAndUsername1Untouched(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await CreateConnectionAsync(db);
        var missing = ScratchDatabases.UniqueName();

        var response = await Server.Api.PostAsync($"/api/v2/secret-rotations/{db.RotationType}",
            RotationBody(db, projectId, connectionId, new { username1 = db.Accounts[0], username2 = missing }));

        Assert.False(response.Status == HttpStatusCode.OK, response.Text);
        Assert.Contains($"parameters.username2: no account {missing}", response.Text);
        await AssertUntouchedAsync(db, projectId);
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Create_ConnectionsOwnAccount_RefusedAndItsPasswordUnchanged(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await CreateConnectionAsync(db);
        var admin = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(db.ConnectionBody("unused")))!["credentials"]!;
        var adminName = admin["username"]!.GetValue<string>();

        var response = await Server.Api.PostAsync($"/api/v2/secret-rotations/{db.RotationType}",
            RotationBody(db, projectId, connectionId, new { username1 = db.Accounts[0], username2 = adminName }));

        Assert.False(response.Status == HttpStatusCode.OK, response.Text);
        Assert.Contains("the connection's own account", response.Text);
        Assert.True(await db.CanLoginAsync(adminName, admin["password"]!.GetValue<string>()));
        await AssertUntouchedAsync(db, projectId);
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task CreateConnection_WrongPassword_400OnCredentials(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(db.ConnectionBody($"c-{Guid.NewGuid():N}"[..20])))!;
        body["credentials"]!["password"] = "not-the-password";

        var response = (await Server.Api.PostAsync($"/api/v1/app-connections/{db.App}", body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("credentials"));
        Assert.DoesNotContain("not-the-password", response.Text);
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task CreateConnection_UnknownFieldAndBadValues_400NamingEachField(string app)
    {
        var response = (await Server.Api.PostAsync($"/api/v1/app-connections/{app}", new
        {
            name = "bad-db",
            method = "password",
            credentials = new { host = "bad host;", port = 70000, username = "", password = "p", sslMode = "sometimes", extra = 1 },
        })).ShouldBe(HttpStatusCode.BadRequest);

        foreach (var field in new[] { "method", "credentials.host", "credentials.port", "credentials.username", "credentials.sslMode", "credentials.extra" })
        {
            Assert.NotEmpty(response.ErrorsFor(field));
        }

        Assert.Equal(app == "postgres", response.ErrorsFor("credentials.database").Count > 0);
    }

    private async Task<string> CreateConnectionAsync(IScratchDatabase db) =>
        (await Server.Api.PostAsync($"/api/v1/app-connections/{db.App}", db.ConnectionBody($"c-{Guid.NewGuid():N}"[..20])))
            .ShouldBe(HttpStatusCode.OK).Body["appConnection"]!["id"]!.GetValue<string>();

    private static object RotationBody(IScratchDatabase db, string projectId, string connectionId, object? parameters = null) => new
    {
        name = "db-rotation",
        projectId,
        connectionId,
        environment = "dev",
        secretPath = "/",
        isAutoRotationEnabled = false,
        rotationInterval = 30,
        parameters = parameters ?? new { username1 = db.Accounts[0], username2 = db.Accounts[1] },
        secretsMapping = new { username = "DB_USER", password = "DB_PASSWORD" },
    };

    private async Task<(string User, string Password)> MappedAsync(string projectId) =>
        (await Scenario.SecretValueAsync(Server, projectId, "DB_USER"), await Scenario.SecretValueAsync(Server, projectId, "DB_PASSWORD"));

    /// <summary>Both accounts exist with their first passwords, and the project has no rotation and no mapped secret.</summary>
    private async Task AssertUntouchedAsync(IScratchDatabase db, string projectId)
    {
        Assert.Equal(db.LoginNames.Order(), await db.ExistingAccountsAsync());
        Assert.True(await db.CanLoginAsync(db.LoginNames[0], db.InitialPasswords[0]), "username1's password must be unchanged");
        Assert.True(await db.CanLoginAsync(db.LoginNames[1], db.InitialPasswords[1]), "username2's password must be unchanged");
        (await Scenario.GetSecretAsync(Server, projectId, "DB_PASSWORD")).ShouldBe(HttpStatusCode.NotFound);
    }
}
