using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.Core.Connections;
using Keyturn.Tests.Shared.Databases;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// A postgres or mysql connection setting its own password in place, stopped before and after every step (a throwing
/// failpoint in this process; the set and verify steps also as a SIGKILLed `keyturn server`), then restarted on the
/// same data directory against the real servers. After recovery: no open job, the password the connection was created
/// with no longer signs in (the journaled value was activated, or applied again and activated), and the connection
/// still works: it rotates itself again and rotates a credentials rotation's accounts.
/// </summary>
public sealed class DatabaseConnectionSelfRotationCrashTests
{
    public static TheoryData<string, string, string> Cells()
    {
        var cells = new TheoryData<string, string, string>();
        foreach (var app in new[] { "postgres", "mysql" })
        {
            foreach (var step in ConnectionSteps.InPlaceFailpoints)
            {
                cells.Add(app, step, "before");
                cells.Add(app, step, "after");
            }
        }

        return cells;
    }

    /// <summary>The cells where the database changed and the result was not journaled: the password lives only in the set intent.</summary>
    public static TheoryData<string, string, string> KillCells() => new()
    {
        { "postgres", ConnectionSteps.SetFailpoint, "after" },
        { "mysql", ConnectionSteps.SetFailpoint, "after" },
        { "postgres", ConnectionSteps.SetFailpoint, "before" },
    };

    [DatabasesTheory]
    [MemberData(nameof(Cells))]
    public async Task SelfRotation_ThrowAtFailpointThenRestart_RecoveryActivatesTheJournaledPassword(string app, string step, string when)
    {
        using var directory = new CellDirectory();
        await using var server = new InProcessDriver(directory.Data, CellRunner.NewRootToken(), trustedCa: null);

        await RunCellAsync(app, step, when, server, server);
    }

    [DatabasesTheory]
    [MemberData(nameof(KillCells))]
    public async Task SelfRotation_KilledAtFailpointThenRestarted_RecoveryActivatesTheJournaledPassword(string app, string step, string when)
    {
        using var directory = new CellDirectory();
        var token = CellRunner.NewRootToken();
        await using var setup = new InProcessDriver(directory.Data, token, trustedCa: null);
        await using var server = new ProcessDriver(ProcessDriver.Keyturn, directory.Data, token, caPath: null);

        await RunCellAsync(app, step, when, setup, server);
    }

    private static async Task RunCellAsync(string app, string step, string when, IServerDriver setup, IServerDriver server)
    {
        await using var db = await ScratchDatabases.CreateAsync(app);
        var credentials = JsonNode.Parse(JsonSerializer.Serialize(db.ConnectionBody("unused")))!["credentials"]!;
        var (admin, initialPassword) = (credentials["username"]!.GetValue<string>(), credentials["password"]!.GetValue<string>());
        var path = $"api/v1/app-connections/{app}";

        var api = await setup.StartAsync(null);
        var id = (await api.OkAsync(HttpMethod.Post, path, db.ConnectionBody($"c-{Guid.NewGuid():N}"[..20])))["appConnection"]!["id"]!.GetValue<string>();
        var projectId = (await api.OkAsync(HttpMethod.Post, "api/v1/projects", new { projectName = $"crash-{Guid.NewGuid():N}"[..20] }))["project"]!["id"]!.GetValue<string>();
        await setup.StopAsync();

        api = await server.StartAsync($"{step}:{when}:{server.FailpointAction}");
        // Null when the process died mid-request, as it should with the crash action.
        var status = await api.SendIntoCrashAsync(HttpMethod.Post, $"{path}/{id}/rotate-credentials");
        Assert.True(
            status is null ? server.FailpointAction == "crash" : status is HttpStatusCode.InternalServerError || (step, when) is (ConnectionSteps.ActivateFailpoint, "after"),
            $"{step}:{when} answered {status?.ToString() ?? "nothing"} with the {server.FailpointAction} action");

        await server.CrashedAsync();

        api = await server.StartAsync(null);
        await Poll.UntilAsync(async () => !await HasOpenJobAsync(api, path, id), Poll.RecoveryBound, () => Task.FromResult($"{app} {step}:{when}: a self-rotation job is still running"));
        var view = (await api.OkAsync(HttpMethod.Get, $"{path}/{id}"))["appConnection"]!;
        Assert.Equal("success", view["credentialRotation"]!["status"]!.GetValue<string>());
        Assert.False(await db.CanLoginAsync(admin, initialPassword), $"{app} {step}:{when}: recovery must activate the journaled password, not keep the old one");

        // The stored password is the one the database has: the connection rotates itself again and rotates accounts.
        await api.OkAsync(HttpMethod.Post, $"{path}/{id}/rotate-credentials");
        await api.OkAsync(HttpMethod.Post, $"api/v2/secret-rotations/{db.RotationType}", new
        {
            name = "db-rotation",
            projectId,
            connectionId = id,
            environment = "dev",
            secretPath = "/",
            isAutoRotationEnabled = false,
            rotationInterval = 30,
            parameters = new { username1 = db.Accounts[0], username2 = db.Accounts[1] },
            secretsMapping = new { username = "DB_USER", password = "DB_PASSWORD" },
        });
        var user = await api.SecretValueAsync(projectId, "DB_USER");
        var password = await api.SecretValueAsync(projectId, "DB_PASSWORD");
        Assert.True(await db.CanLoginAsync(user!, password!), $"{app} {step}:{when}: the mapped account must sign in");
        await server.StopAsync();
    }

    private static async Task<bool> HasOpenJobAsync(Api api, string path, string id) =>
        (await api.OkAsync(HttpMethod.Get, $"{path}/{id}/credential-rotations"))["credentialRotations"]!.AsArray()
            .Any(j => j!["status"]!.GetValue<string>() == "running");
}
