using Keyturn.Core.Rotation;

namespace Keyturn.Cli.Tests;

/// <summary>
/// <c>keyturn rotation reconcile</c> against the real server and emulator: an orphan planted at the emulator is found
/// and only reported by default, and revoked with --apply; the hand-made secret is reported and never touched.
/// </summary>
public sealed class RotationReconcileCliTests : AgainstServer
{
    [Fact]
    public async Task Reconcile_DryRunThenApply_ReportsTheOrphanThenRevokesIt()
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", $"rec-{Guid.NewGuid():N}"[..20], "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", $"rec-{Guid.NewGuid():N}"[..20],
            "--tenant-id", Emulator.TenantId, "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        var target = Emulator.Control.CreateApplication($"rec-{Guid.NewGuid():N}"[..15], [], [Emulator.AdminApp.ObjectId], withInitialSecret: true);
        var handMade = Assert.Single(Emulator.Control.ListPasswords(target.ObjectId)).KeyId;
        var rotationId = Json(await RunOkAsync("rotation", "create", "azure-client-secret", "--name", "reconciled", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--param", $"objectId={target.ObjectId}", "--param", $"clientId={target.ClientId}",
            "--map", "clientSecret=SECRET", "--map", "clientId=CLIENT", "-o", "json"))["secretRotation"]!["id"]!.GetValue<string>();
        Emulator.Control.AddPassword(target.ObjectId, RotationEngine.Label(Guid.Parse(rotationId), Guid.NewGuid()));
        var orphan = Emulator.Control.ListPasswords(target.ObjectId).Last().KeyId;

        var table = (await RunOkAsync("rotation", "reconcile", rotationId)).Out;
        var json = Json(await RunOkAsync("rotation", "reconcile", rotationId, "--type", "azure-client-secret", "-o", "json"))["reconcile"]!;
        var stillThere = Emulator.Control.ListPasswords(target.ObjectId).Select(p => p.KeyId).ToList();
        var applied = (await RunOkAsync("rotation", "reconcile", rotationId, "--apply")).Out;

        Assert.Contains("2 finding(s) (dry run: nothing changed; --apply acts on the findings)", table);
        Assert.Contains("KIND", table);
        Assert.Contains($"orphan   {orphan}", table);
        Assert.Contains($"foreign  {handMade}", table);
        Assert.True(json["dryRun"]!.GetValue<bool>());
        Assert.Equal(2, json["findings"]!.AsArray().Count);
        Assert.Contains(orphan, stillThere);
        Assert.Contains("2 finding(s) (applied)", applied);
        Assert.Contains("revoked", applied);
        var left = Emulator.Control.ListPasswords(target.ObjectId).Select(p => p.KeyId).ToList();
        Assert.DoesNotContain(orphan, left);
        Assert.Contains(handMade, left);
    }

    [Fact]
    public async Task Reconcile_UnknownRotation_FailsWithTheServersProblem()
    {
        var result = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "rotation", "reconcile", Guid.NewGuid().ToString(), "--type", "azure-client-secret");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: 404", result.Error);
    }
}
