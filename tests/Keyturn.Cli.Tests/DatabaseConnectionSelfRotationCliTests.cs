using System.Text.Json.Nodes;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared.Databases;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests;

/// <summary>
/// <c>keyturn connection rotate-credentials|credential-rotations|update --app postgres|mysql</c> against the real server
/// and the real database servers: the connection's own password replaced twice, the schedule set, the history listed.
/// </summary>
public sealed class DatabaseConnectionSelfRotationCliTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-cli-dbself-").FullName;
    private KeyturnServerHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await KeyturnServerHost.StartAsync(new KeyturnServerOptions
        {
            DataDirectory = _directory,
            Urls = ["http://127.0.0.1:0"],
            RootToken = CliRun.Token,
            SchedulerInterval = TimeSpan.FromHours(1),
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
    public async Task RotateCredentialsTwice_OldPasswordRefused_HistoryAndScheduleShown(string app)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(db.ConnectionBody("unused")))!["credentials"]!;
        var (admin, initialPassword) = (body["username"]!.GetValue<string>(), body["password"]!.GetValue<string>());
        var connectionId = JsonNode.Parse((await RunOkAsync(initialPassword, "connection", "create", app, "--name", $"self-{app}",
            "--host", body["host"]!.GetValue<string>(), "--port", body["port"]!.ToString(), "--database", body["database"]!.GetValue<string>(),
            "--username", admin, "--password-stdin", "--ssl-mode", "disable", "-o", "json")).Out)!["appConnection"]!["id"]!.GetValue<string>();

        await RunOkAsync("", "connection", "rotate-credentials", connectionId, "--app", app);
        Assert.False(await db.CanLoginAsync(admin, initialPassword), "the first password must be replaced");
        var second = await RunOkAsync("", "connection", "rotate-credentials", connectionId, "--app", app);
        Assert.DoesNotContain(initialPassword, second.Out);

        var history = JsonNode.Parse((await RunOkAsync("", "connection", "credential-rotations", connectionId, "--app", app, "-o", "json")).Out)!["credentialRotations"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.All(history, j => Assert.Equal("succeeded", j!["status"]!.GetValue<string>()));

        var updated = JsonNode.Parse((await RunOkAsync("", "connection", "update", connectionId, "--app", app, "--auto-rotate", "--interval", "7", "--at", "03:15", "-o", "json")).Out)!;
        Assert.Equal(7, updated["appConnection"]!["credentialRotation"]!["rotationInterval"]!.GetValue<int>());
        Assert.NotNull(updated["appConnection"]!["nextCredentialRotationAt"]);
    }

    private async Task<CliResult> RunOkAsync(string stdin, params string[] args)
    {
        var result = await CliRun.RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = _server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token }, stdin);
        Assert.True(result.ExitCode == 0, $"keyturn {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }
}
