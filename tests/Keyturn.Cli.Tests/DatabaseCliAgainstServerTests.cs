using System.Text.Json.Nodes;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared.Databases;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests;

/// <summary>postgres-credentials and mysql-credentials through the CLI against the real server and the real database servers.</summary>
public sealed class DatabaseCliAgainstServerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-cli-db-").FullName;
    private KeyturnServerHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await KeyturnServerHost.StartAsync(new KeyturnServerOptions
        {
            DataDirectory = _directory,
            Urls = ["http://127.0.0.1:0"],
            RootToken = CliRun.Token,
            Rotation = new RotationOptions { VerifyTimeout = TimeSpan.FromSeconds(20), VerifyInitialDelay = TimeSpan.FromMilliseconds(100) },
        }.WithLogLeakCheck(), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Commands_CreateRotateTwiceDelete_MappedSecretsLogIn(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var projectId = Json(await RunOkAsync("", "project", "create", "--name", $"db-{Guid.NewGuid():N}"[..20], "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(db.ConnectionBody("unused")))!["credentials"]!;
        var connectionId = Json(await RunOkAsync(body["password"]!.GetValue<string>(), "connection", "create", app, "--name", $"cli-{app}",
            "--host", body["host"]!.GetValue<string>(), "--port", body["port"]!.ToString(), "--database", body["database"]!.GetValue<string>(),
            "--username", body["username"]!.GetValue<string>(), "--password-stdin", "--ssl-mode", "disable", "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        Assert.Contains($"cli-{app}", (await RunOkAsync("", "connection", "list", "--app", app)).Out);
        Assert.Contains($"{db.RotationType}", (await RunOkAsync("", "rotation", "types")).Out);

        var rotation = Json(await RunOkAsync("", "rotation", "create", db.RotationType, "--name", "cli-db", "--project-id", projectId, "--connection-id", connectionId,
            "--env", "dev", "--param", $"username1={db.Accounts[0]}", "--param", $"username2={db.Accounts[1]}",
            "--map", "username=DB_USER", "--map", "password=DB_PASSWORD", "-o", "json"))["secretRotation"]!;
        var rotationId = rotation["id"]!.GetValue<string>();
        var first = await MappedAsync(projectId);
        Assert.Equal(db.LoginNames[0], first.User);
        Assert.True(await db.CanLoginAsync(first.User, first.Password));

        await RunOkAsync("", "rotation", "rotate", rotationId, "--type", db.RotationType);
        var second = await MappedAsync(projectId);
        Assert.Equal(db.LoginNames[1], second.User);
        Assert.True(await db.CanLoginAsync(second.User, second.Password));
        Assert.True(await db.CanLoginAsync(first.User, first.Password), "the previous account keeps working until the next rotation");

        await RunOkAsync("", "rotation", "rotate", rotationId, "--type", db.RotationType);
        var third = await MappedAsync(projectId);
        Assert.Equal(db.LoginNames[0], third.User);
        Assert.True(await db.CanLoginAsync(third.User, third.Password));
        Assert.True(await db.CanLoginAsync(second.User, second.Password));
        Assert.False(await db.CanLoginAsync(first.User, first.Password));

        await RunOkAsync("", "rotation", "delete", rotationId, "--type", db.RotationType, "--delete-secrets");
        await RunOkAsync("", "connection", "delete", connectionId, "--app", app);
        Assert.DoesNotContain($"cli-{app}", (await RunOkAsync("", "connection", "list", "--app", app)).Out);
    }

    [DatabasesTheory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task RotationCreate_UsernameWithSql_ExitsWithTheFieldAndChangesNothing(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var projectId = Json(await RunOkAsync("", "project", "create", "--name", $"db-{Guid.NewGuid():N}"[..20], "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(db.ConnectionBody("unused")))!["credentials"]!;
        var connectionId = Json(await RunOkAsync(body["password"]!.GetValue<string>(), "connection", "create", app, "--name", $"sql-{app}",
            "--host", body["host"]!.GetValue<string>(), "--port", body["port"]!.ToString(), "--database", body["database"]!.GetValue<string>(),
            "--username", body["username"]!.GetValue<string>(), "--password-stdin", "--ssl-mode", "disable", "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();

        var result = await CliRun.AgainstAsync(_server.Address.AbsoluteUri, "rotation", "create", db.RotationType, "--name", "sql", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--param", $"username1={db.Accounts[0]}';DROP USER x;--", "--param", $"username2={db.Accounts[1]}",
            "--map", "username=DB_USER", "--map", "password=DB_PASSWORD");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("parameters.username1", result.Error);
        Assert.True(await db.CanLoginAsync(db.LoginNames[0], db.InitialPasswords[0]));
        Assert.True(await db.CanLoginAsync(db.LoginNames[1], db.InitialPasswords[1]));
    }

    private async Task<(string User, string Password)> MappedAsync(string projectId) =>
        ((await RunOkAsync("", "secret", "get", "DB_USER", "--project-id", projectId, "--env", "dev")).Out.Trim(),
         (await RunOkAsync("", "secret", "get", "DB_PASSWORD", "--project-id", projectId, "--env", "dev")).Out.Trim());

    private async Task<CliResult> RunOkAsync(string stdin, params string[] args)
    {
        var result = await CliRun.RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = _server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token }, stdin);
        Assert.True(result.ExitCode == 0, $"keyturn {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }

    private static JsonNode Json(CliResult result) => JsonNode.Parse(result.Out)!;
}
