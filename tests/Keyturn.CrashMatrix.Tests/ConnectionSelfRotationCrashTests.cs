using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.CrashMatrix.Tests.Harness;
using Keyturn.Core.Connections;

namespace Keyturn.CrashMatrix.Tests;

/// <summary>
/// A connection rotating its own secret, stopped at every step before and after its side effect (a throwing
/// failpoint, in this process), then restarted on the same data directory. After recovery there must be exactly: a
/// working connection secret, no orphaned credential on its app, at most two connection-made secrets, no open job.
/// </summary>
public sealed class ConnectionSelfRotationCrashTests : IAsyncLifetime
{
    private const string Path = "api/v1/app-connections/azure";
    private AzureEmulatorHost? _emulator;

    private AzureEmulatorHost Emulator => _emulator!;

    public static TheoryData<string, string> Cells()
    {
        var cells = new TheoryData<string, string>();
        foreach (var step in ConnectionSteps.Failpoints)
        {
            cells.Add(step, "before");
            cells.Add(step, "after");
        }

        return cells;
    }

    public async Task InitializeAsync() => _emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    public static TheoryData<string, string> AfterCells()
    {
        var cells = new TheoryData<string, string>();
        foreach (var step in ConnectionSteps.Failpoints)
        {
            cells.Add(step, "after");
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task SelfRotation_ThrowAtFailpointThenRestart_RecoveryHoldsTheInvariants(string step, string when)
    {
        using var directory = new CellDirectory();
        await using var server = new InProcessDriver(directory.Data, CellRunner.NewRootToken(), Emulator.CaCertificate);

        await RunCellAsync(step, when, server, server);
    }

    /// <summary>The cells where the side effect happened and its result was not journaled, with a real SIGKILL of the shipped server.</summary>
    [Theory]
    [MemberData(nameof(AfterCells))]
    public async Task SelfRotation_KilledAtFailpointThenRestarted_RecoveryHoldsTheInvariants(string step, string when)
    {
        using var directory = new CellDirectory();
        var token = CellRunner.NewRootToken();
        await using var setup = new InProcessDriver(directory.Data, token, Emulator.CaCertificate);
        await using var server = new ProcessDriver(ProcessDriver.Keyturn, directory.Data, token, Emulator.CaCertificatePath);

        await RunCellAsync(step, when, setup, server);
    }

    private async Task RunCellAsync(string step, string when, IServerDriver setup, IServerDriver server)
    {
        var app = Emulator.Control.CreateApplication($"conn-{Guid.NewGuid():N}"[..15], ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        Emulator.Control.AddOwner(app.ObjectId, app.ObjectId);
        var human = Assert.Single(Emulator.Control.ListPasswords(app.ObjectId)).KeyId;

        // A first self-rotation without failpoints, so the crashing one has a previous credential (the human one) to revoke.
        var api = await setup.StartAsync(null);
        var id = (await api.OkAsync(HttpMethod.Post, Path, Body(app, human)))["appConnection"]!["id"]!.GetValue<string>();
        await api.OkAsync(HttpMethod.Post, $"{Path}/{id}/rotate-credentials");
        await setup.StopAsync();

        api = await server.StartAsync($"{step}:{when}:{server.FailpointAction}");
        // Null when the process died mid-request, as it should with the crash action.
        var status = await api.SendIntoCrashAsync(HttpMethod.Post, $"{Path}/{id}/rotate-credentials");
        Assert.True(
            status is null ? server.FailpointAction == "crash" : status is HttpStatusCode.InternalServerError || (step, when) is (ConnectionSteps.ActivateFailpoint, "after"),
            $"{step}:{when} answered {status?.ToString() ?? "nothing"} with the {server.FailpointAction} action");

        await server.CrashedAsync();

        api = await server.StartAsync(null);
        await Poll.UntilAsync(async () => !await HasOpenJobAsync(api, id), Poll.RecoveryBound, () => Task.FromResult($"{step}:{when}: a self-rotation job is still running"));
        await AssertInvariantsAsync(api, id, app);

        // The connection's secret works: it can rotate itself again, and the invariants still hold.
        await api.OkAsync(HttpMethod.Post, $"{Path}/{id}/rotate-credentials");
        await AssertInvariantsAsync(api, id, app);
        Assert.DoesNotContain(Emulator.Control.ListPasswords(app.ObjectId), p => p.KeyId == human);
        await server.StopAsync();
    }

    private async Task AssertInvariantsAsync(Api api, string id, EmulatedApp app)
    {
        var view = (await api.OkAsync(HttpMethod.Get, $"{Path}/{id}"))["appConnection"]!["credentialRotation"]!;
        var active = Guid.Parse(view["activeCredentialId"]!.GetValue<string>());
        var previous = view["previousCredentialId"] is { } p ? Guid.Parse(p.GetValue<string>()) : (Guid?)null;
        var onApp = Emulator.Control.ListPasswords(app.ObjectId);

        Assert.Contains(onApp, c => c.KeyId == active);
        var known = new HashSet<Guid?> { active, previous };
        Assert.All(onApp, c => Assert.True(known.Contains(c.KeyId), $"credential {c.KeyId} ({c.DisplayName}) is neither active nor previous: an orphan"));
        Assert.InRange(onApp.Count(c => c.DisplayName?.StartsWith("keyturn-connection-", StringComparison.Ordinal) == true), 1, 2);
    }

    private static async Task<bool> HasOpenJobAsync(Api api, string id) =>
        (await api.OkAsync(HttpMethod.Get, $"{Path}/{id}/credential-rotations"))["credentialRotations"]!.AsArray()
            .Any(j => j!["status"]!.GetValue<string>() == "running");

    private object Body(EmulatedApp app, Guid clientSecretId) => new
    {
        name = $"c-{Guid.NewGuid():N}"[..20],
        method = "client-secret",
        credentials = new { tenantId = Emulator.TenantId, clientId = app.ClientId, clientSecret = app.InitialSecret, clientSecretId },
        endpoints = new { authorityHost = Emulator.AuthorityHost.AbsoluteUri, graph = Emulator.GraphEndpoint.AbsoluteUri },
    };
}
