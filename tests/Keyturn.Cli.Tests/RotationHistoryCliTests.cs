using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests;

/// <summary>
/// <c>keyturn rotation history</c>, <c>--delete-protected</c>, <c>rotation delete --force</c> and the paging of
/// <c>connection credential-rotations</c>, end to end against the real server and emulator.
/// </summary>
public sealed class RotationHistoryCliTests : AgainstServer
{
    [Fact]
    public async Task History_PagesAndAll_ListAttemptsNewestFirstWithTheirChanges()
    {
        var (projectId, rotationId, _) = await CreateRotationAsync("history");
        await RunOkAsync("rotation", "rotate", rotationId);
        await RunOkAsync("rotation", "rotate", rotationId);
        var secret = (await RunOkAsync("secret", "get", "H_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim();

        var first = Json(await RunOkAsync("rotation", "history", rotationId, "--limit", "2", "-o", "json"));
        var cursor = first["nextCursor"]!.GetValue<string>();
        var rest = Json(await RunOkAsync("rotation", "history", rotationId, "--limit", "2", "--cursor", cursor, "-o", "json"));
        var all = Json(await RunOkAsync("rotation", "history", rotationId, "--limit", "1", "--all", "-o", "json"));
        var table = await RunOkAsync("rotation", "history", rotationId, "--limit", "2");

        Assert.Equal(2, first["history"]!.AsArray().Count);
        Assert.Null(rest["nextCursor"]);
        Assert.Equal("create", Assert.Single(rest["history"]!.AsArray())!["trigger"]!.GetValue<string>());
        Assert.Null(all["nextCursor"]);
        Assert.Equal(["manual", "manual", "create"], all["history"]!.AsArray().Select(i => i!["trigger"]!.GetValue<string>()));
        Assert.Equal(
            first["history"]!.AsArray().Concat(rest["history"]!.AsArray()).Select(i => i!["jobId"]!.GetValue<string>()),
            all["history"]!.AsArray().Select(i => i!["jobId"]!.GetValue<string>()));
        Assert.Contains("revoke-inactive", all.ToJsonString());
        Assert.Contains("issued", table.Out);
        Assert.Contains("revoked", table.Out);
        Assert.Contains($"more: --cursor {cursor}", table.Out);
        Assert.DoesNotContain(secret, all.ToJsonString() + table.Out);

        var refused = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "rotation", "history", rotationId, "--limit", "0");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("limit", refused.Error);
    }

    [Fact]
    public async Task Delete_ProtectedThenUnsafeThenForced_RefusedUntilAllowed()
    {
        var (projectId, rotationId, target) = await CreateRotationAsync("guarded", "--delete-protected", "true");
        var secret = (await RunOkAsync("secret", "get", "H_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim();
        Assert.Contains("deleteProtected      true", (await RunOkAsync("rotation", "get", rotationId)).Out);

        var protectedDelete = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "rotation", "delete", rotationId, "--delete-secrets", "--revoke-generated-credentials");
        Assert.Equal(1, protectedDelete.ExitCode);
        Assert.StartsWith("error: 409", protectedDelete.Error);
        Assert.Contains("isDeleteProtected", protectedDelete.Error);

        var unprotected = Json(await RunOkAsync("rotation", "update", rotationId, "--delete-protected", "false", "-o", "json"))["secretRotation"]!;
        Assert.False(unprotected["isDeleteProtected"]!.GetValue<bool>());
        var unsafeDelete = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "rotation", "delete", rotationId, "--revoke-generated-credentials");
        Assert.Equal(1, unsafeDelete.ExitCode);
        Assert.StartsWith("error: 400", unsafeDelete.Error);
        Assert.Contains("deleteSecrets", unsafeDelete.Error);
        Assert.True(Emulator.Control.Authenticates(target, secret));
        Assert.Contains(rotationId, (await RunOkAsync("rotation", "list", "--project-id", projectId)).Out);

        await RunOkAsync("rotation", "delete", rotationId, "--revoke-generated-credentials", "--force");

        Assert.False(Emulator.Control.Authenticates(target, secret));
        Assert.Equal(secret, (await RunOkAsync("secret", "get", "H_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim());
    }

    [Fact]
    public async Task CredentialRotations_LimitCursorAndAll_PageTheConnectionsOwnHistory()
    {
        var app = Emulator.Control.CreateApplication("cli-self-history", ["Application.ReadWrite.OwnedBy"], [], withInitialSecret: true);
        Emulator.Control.AddOwner(app.ObjectId, app.ObjectId);
        var id = Json(await RunAsync(app.InitialSecret!, "connection", "create", "azure", "--name", "cli-self-history", "--tenant-id", Emulator.TenantId,
            "--client-id", app.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        for (var i = 0; i < 3; i++)
        {
            await RunOkAsync("connection", "rotate-credentials", id);
        }

        var first = Json(await RunOkAsync("connection", "credential-rotations", id, "--limit", "2", "-o", "json"));
        var rest = Json(await RunOkAsync("connection", "credential-rotations", id, "--limit", "2", "--cursor", first["nextCursor"]!.GetValue<string>(), "-o", "json"));
        var all = Json(await RunOkAsync("connection", "credential-rotations", id, "--limit", "1", "--all", "-o", "json"));
        var table = await RunOkAsync("connection", "credential-rotations", id, "--all");

        Assert.Equal(2, first["credentialRotations"]!.AsArray().Count);
        Assert.Single(rest["credentialRotations"]!.AsArray());
        Assert.Equal(3, all["credentialRotations"]!.AsArray().Count);
        Assert.Equal(3, table.Out.Split('\n').Count(l => l.Contains("succeeded", StringComparison.Ordinal)));
        Assert.Contains("issued", table.Out);
        Assert.DoesNotContain("more:", table.Out);
    }

    private async Task<(string ProjectId, string RotationId, string TargetClientId)> CreateRotationAsync(string prefix, params string[] extra)
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", $"{prefix}-{Guid.NewGuid():N}"[..20], "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", $"{prefix}-{Guid.NewGuid():N}"[..20],
            "--tenant-id", Emulator.TenantId, "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        var target = Emulator.Control.CreateApplication($"{prefix}-{Guid.NewGuid():N}"[..15], [], [Emulator.AdminApp.ObjectId], withInitialSecret: false);
        var created = Json(await RunOkAsync(
        [
            "rotation", "create", "azure-client-secret", "--name", prefix, "--project-id", projectId, "--connection-id", connectionId, "--env", "dev",
            "--param", $"objectId={target.ObjectId}", "--param", $"clientId={target.ClientId}", "--map", "clientSecret=H_SECRET", "--map", "clientId=H_ID", .. extra, "-o", "json",
        ]))["secretRotation"]!;
        return (projectId, created["id"]!.GetValue<string>(), target.ClientId);
    }
}
