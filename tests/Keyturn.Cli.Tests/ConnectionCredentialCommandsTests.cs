using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Tests;

/// <summary>
/// <c>keyturn connection rotate-credentials|credential-rotations|update</c>: parsing, and the whole story against the real
/// server (in process, real HTTP) and the real emulator.
/// </summary>
public sealed class ConnectionCredentialCommandsTests : AgainstServer
{
    protected override KeyturnServerOptions Configure(KeyturnServerOptions options) => options with { SchedulerInterval = TimeSpan.FromHours(1) };

    [Fact]
    public void ReadRequest_Schedule_BuildsCredentialRotation()
    {
        var (command, parse) = CliRun.Parse<UpdateConnectionCommand>("connection update c1 --auto-rotate --interval 30 --at 01:05");

        Assert.Equal(
            """{"credentialRotation":{"isAutoRotationEnabled":true,"rotationInterval":30,"rotateAtUtc":{"hours":1,"minutes":5}}}""",
            ApiJson.Serialize(command.ReadRequest(parse)));
    }

    [Fact]
    public void ReadRequest_OnlyDescription_LeavesTheScheduleOut()
    {
        var (command, parse) = CliRun.Parse<UpdateConnectionCommand>("connection update c1 --description d --no-auto-rotate");

        Assert.Equal("""{"description":"d","credentialRotation":{"isAutoRotationEnabled":false}}""", ApiJson.Serialize(command.ReadRequest(parse)));
    }

    [Theory]
    [InlineData("connection update c1 --at 25:00", "--at: '25:00' is not a time of day HH:MM (UTC)")]
    [InlineData("connection update c1 --auto-rotate --no-auto-rotate", "give at most one of --auto-rotate or --no-auto-rotate")]
    public void Parse_BadScheduleFlags_AreUsageErrors(string commandLine, string error) =>
        Assert.Contains(error, CliRun.ParseErrors(commandLine));

    [Fact]
    public async Task RotateCredentials_GraphRefuses_ExitsOneWithTheProvidersWords()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", "/api/v1/app-connections/azure/c1/rotate-credentials", 502,
            """{"title":"The connection's credential was not rotated","status":502,"detail":"Graph answered 403 Authorization_RequestDenied: Insufficient privileges."}""");

        var result = await CliRun.AgainstAsync(server.Address, "connection", "rotate-credentials", "c1", "--app", "azure");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Authorization_RequestDenied", result.Error);
    }

    [Fact]
    public async Task RotateCredentials_AgainstTheServer_RotatesTwiceAndRetiresTheHumanSecret()
    {
        var app = Emulator.Control.CreateApplication("cli-self", ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        Emulator.Control.AddOwner(app.ObjectId, app.ObjectId);
        var human = Assert.Single(Emulator.Control.ListPasswords(app.ObjectId)).KeyId;
        var created = Json(await RunAsync(app.InitialSecret!, "connection", "create", "azure", "--name", "cli-self", "--tenant-id", Emulator.TenantId,
            "--client-id", app.ClientId, "--client-secret-stdin", "--client-secret-id", human.ToString(), "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!;
        var id = created["id"]!.GetValue<string>();

        var first = await RunAsync("", "connection", "rotate-credentials", id);
        Assert.Contains("rotationStatus", first.Out);
        Assert.DoesNotContain(app.InitialSecret!, first.Out + first.Error);
        Assert.True(Emulator.Control.Authenticates(app.ClientId, app.InitialSecret!));
        var second = Json(await RunAsync("", "connection", "rotate-credentials", id, "-o", "json"))["appConnection"]!;
        Assert.Equal("success", second["credentialRotation"]!["status"]!.GetValue<string>());
        Assert.False(Emulator.Control.Authenticates(app.ClientId, app.InitialSecret!));

        var updated = Json(await RunAsync("", "connection", "update", id, "--auto-rotate", "--interval", "30", "--at", "01:00", "-o", "json"))["appConnection"]!;
        Assert.True(updated["credentialRotation"]!["isAutoRotationEnabled"]!.GetValue<bool>());
        Assert.NotNull(updated["nextCredentialRotationAt"]);
        var history = await RunAsync("", "connection", "credential-rotations", id);
        Assert.Equal(2, history.Out.Split('\n').Count(l => l.Contains("succeeded", StringComparison.Ordinal)));
    }
}
