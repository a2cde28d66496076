using System.Net;
using Keyturn.Core.Rotation;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// An attempt that threw after the target issued its credential leaves the job open for recovery. That credential
/// carries the rotation's label and no slot owns it yet, but it is recovery's to keep or revoke: reconcile reports it
/// and never revokes it, even when not a dry run.
/// </summary>
public sealed class SecretRotationReconcileOpenJobTests
{
    [Fact]
    public async Task Reconcile_CredentialOfAnOpenJob_IsReportedAndLeftToRecovery()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        await server.StopServerAsync();
        await server.StartServerAsync(Failpoints.Parse("issue:after:throw"));
        var before = Scenario.KeyturnMade(server, setup.App).Select(p => p.KeyId).ToList();
        await server.Api.PostAsync($"{Scenario.RotationsPath}/{setup.RotationId}/rotate-secrets", null);
        var issued = Assert.Single(Scenario.KeyturnMade(server, setup.App), p => !before.Contains(p.KeyId));

        var report = (await server.Api.PostAsync($"{Scenario.RotationsPath}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;

        var finding = Assert.Single(report["findings"]!.AsArray(), f => f!["kind"]!.GetValue<string>() == "orphan")!;
        Assert.Equal(issued.KeyId.ToString(), finding["credentialId"]!.GetValue<string>());
        Assert.Equal("reported", finding["action"]!.GetValue<string>());
        Assert.Contains("still open", finding["message"]!.GetValue<string>());
        Assert.Contains(issued.KeyId, server.Emulator.Control.ListPasswords(setup.App.ObjectId).Select(p => p.KeyId));
    }
}
