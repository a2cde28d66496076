using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Tests;

/// <summary>The CLI's commands against the real server (in process, real HTTP, real emulator), in the order a person uses them.</summary>
public sealed class CliAgainstServerTests : AgainstServer
{
    [Fact]
    public async Task Commands_FullRotationStory_WorkAgainstTheServer()
    {
        var project = Json(await RunOkAsync("project", "create", "--name", "cli-story", "-o", "json"))["project"]!;
        var projectId = project["id"]!.GetValue<string>();
        Assert.Contains("cli-story", (await RunOkAsync("project", "list")).Out);

        var connectionId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", "cli-azure", "--tenant-id", Emulator.TenantId,
            "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        Assert.Contains("cli-azure", (await RunOkAsync("connection", "get", connectionId)).Out);

        var target = Emulator.TargetApp;
        var rotation = Json(await RunOkAsync("rotation", "create", "azure-client-secret", "--name", "cli-rotation", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--rotation-interval", "7", "--rotate-at", "03:30",
            "--param", $"objectId={target.ObjectId}", "--param", $"clientId={target.ClientId}", "--map", "clientId=AZURE_CLIENT_ID", "--map", "clientSecret=AZURE_CLIENT_SECRET", "-o", "json"))["secretRotation"]!;
        var rotationId = rotation["id"]!.GetValue<string>();
        Assert.Equal(7, rotation["rotationInterval"]!.GetValue<int>());
        Assert.Equal(3, rotation["rotateAtUtc"]!["hours"]!.GetValue<int>());

        var before = (await RunOkAsync("secret", "get", "AZURE_CLIENT_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim();
        Assert.True(Emulator.Control.Authenticates(target.ClientId, before));

        var rotated = Json(await RunOkAsync("rotation", "rotate", rotationId, "-o", "json"))["secretRotation"]!;
        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        var after = (await RunOkAsync("secret", "get", "AZURE_CLIENT_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim();
        Assert.NotEqual(before, after);

        var credentials = Json(await RunOkAsync("rotation", "credentials", rotationId, "-o", "json"));
        Assert.Equal(after, credentials["generatedCredentials"]![1]!["clientSecret"]!.GetValue<string>());
        Assert.DoesNotContain(after, (await RunOkAsync("rotation", "credentials", rotationId)).Out);
        Assert.Contains(rotationId, (await RunOkAsync("rotation", "list", "--project-id", projectId)).Out);

        var refused = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "secret", "set", "AZURE_CLIENT_SECRET", "x", "--project-id", projectId, "--env", "dev");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error: 409", refused.Error);

        await RunOkAsync("secret", "set", "PLAIN", "v1", "--project-id", projectId, "--env", "dev");
        await RunOkAsync("secret", "set", "PLAIN", "v2", "--project-id", projectId, "--env", "dev");
        Assert.Equal(2, Json(await RunOkAsync("secret", "get", "PLAIN", "--project-id", projectId, "--env", "dev", "-o", "json"))["secret"]!["version"]!.GetValue<int>());

        await RunOkAsync("rotation", "delete", rotationId, "--delete-secrets", "--revoke-generated-credentials");
        Assert.DoesNotContain(Emulator.Control.ListPasswords(target.ObjectId), p => p.DisplayName?.StartsWith("Keyturn", StringComparison.Ordinal) == true);
        await RunOkAsync("connection", "delete", connectionId);
    }

    [Fact]
    public async Task RotationCreate_AcceptanceCommand_PublishesWorkingSecretsUnderTheMappedNames()
    {
        var (projectId, connectionId) = await ProjectAndConnectionAsync("accept");
        var target = Emulator.Control.CreateApplication($"accept-{Guid.NewGuid():N}"[..15], [], [Emulator.AdminApp.ObjectId], withInitialSecret: false);

        var created = await RunOkAsync("rotation", "create", "azure-client-secret", "--name", "accepted", "--project-id", projectId, "--connection-id", connectionId,
            "--env", "dev", "--param", $"objectId={target.ObjectId}", "--param", $"clientId={target.ClientId}", "--map", "clientSecret=X", "--map", "clientId=Y");

        Assert.Contains("secretsMapping       clientSecret=X, clientId=Y", created.Out);
        Assert.Contains("rotationStatus       success", created.Out);
        var secret = (await RunOkAsync("secret", "get", "X", "--project-id", projectId, "--env", "dev")).Out.Trim();
        Assert.Equal(target.ClientId, (await RunOkAsync("secret", "get", "Y", "--project-id", projectId, "--env", "dev")).Out.Trim());
        Assert.True(Emulator.Control.Authenticates(target.ClientId, secret));
    }

    [Fact]
    public async Task RotationCreate_ExistingClientSecretId_AdoptsTheHumanSecretUntilTheFirstRotation()
    {
        var (projectId, connectionId) = await ProjectAndConnectionAsync("adopt");
        var target = Emulator.Control.CreateApplication($"adopt-{Guid.NewGuid():N}"[..15], [], [Emulator.AdminApp.ObjectId], withInitialSecret: true);
        var human = Assert.Single(Emulator.Control.ListPasswords(target.ObjectId)).KeyId;

        var created = Json(await RunOkAsync("rotation", "create", "azure-client-secret", "--name", "adopting", "--project-id", projectId, "--connection-id", connectionId,
            "--env", "dev", "--param", $"objectId={target.ObjectId}", "--param", $"clientId={target.ClientId}", "--param", $"existingClientSecretId={human}",
            "--map", "clientSecret=ADOPT_SECRET", "--map", "clientId=ADOPT_ID", "-o", "json"))["secretRotation"]!;
        Assert.True(Emulator.Control.Authenticates(target.ClientId, target.InitialSecret!));

        var rotationId = created["id"]!.GetValue<string>();
        var set0 = (await RunOkAsync("secret", "get", "ADOPT_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim();

        await RunOkAsync("rotation", "rotate", rotationId);

        Assert.False(Emulator.Control.Authenticates(target.ClientId, target.InitialSecret!));
        var set1 = (await RunOkAsync("secret", "get", "ADOPT_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim();
        Assert.True(Emulator.Control.Authenticates(target.ClientId, set1));
        Assert.True(Emulator.Control.Authenticates(target.ClientId, set0));

        await RunOkAsync("rotation", "rotate", rotationId);

        var set2 = (await RunOkAsync("secret", "get", "ADOPT_SECRET", "--project-id", projectId, "--env", "dev")).Out.Trim();
        Assert.True(Emulator.Control.Authenticates(target.ClientId, set2));
        Assert.False(Emulator.Control.Authenticates(target.ClientId, set0));

        await RunOkAsync("rotation", "delete", rotationId, "--delete-secrets", "--revoke-generated-credentials");
        Assert.Empty(Emulator.Control.ListPasswords(target.ObjectId));
    }

    [Fact]
    public async Task RotationCreate_UnknownParam_ExitsTwoAndCreatesNothing()
    {
        var (projectId, connectionId) = await ProjectAndConnectionAsync("refused");
        var target = Emulator.Control.CreateApplication($"refused-{Guid.NewGuid():N}"[..15], [], [Emulator.AdminApp.ObjectId], withInitialSecret: false);

        var result = await CliRun.AgainstAsync(Server.Address.AbsoluteUri, "rotation", "create", "azure-client-secret", "--name", "refused", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--param", $"objectId={target.ObjectId}", "--param", $"clientId={target.ClientId}",
            "--param", $"tenantId={Emulator.TenantId}", "--map", "clientSecret=X", "--map", "clientId=Y");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --param: 'tenantId' is not a parameter of azure-client-secret (parameters: objectId, clientId, appName, existingClientSecretId)", result.Error.TrimEnd());
        Assert.Empty(Emulator.Control.ListPasswords(target.ObjectId));
        Assert.Empty(Json(await RunOkAsync("rotation", "list", "--project-id", projectId, "-o", "json"))["secretRotations"]!.AsArray());
    }

    [Fact]
    public async Task RotationTypes_AgainstTheServer_ListsAzureClientSecret()
    {
        var table = (await RunOkAsync("rotation", "types")).Out;

        // Column widths follow the longest type name, so match the cells rather than the padding.
        Assert.Matches(@"azure-client-secret +azure +additive +2 +objectId \(guid\), clientId \(guid\), \[appName \(string\)\], \[existingClientSecretId \(guid\)\] +clientId, clientSecret", table);
        Assert.Matches(@"azure-storage-account-key +azure +fixed-slot +2 +subscriptionId \(guid\), resourceGroup \(string\), accountName \(string\), keyNames \(string\[\]\) +\[accountName\], \[accountKey\], \[connectionString\]", table);
    }

    [Fact]
    public async Task Commands_WrongToken_OneLineErrorAndExitCode1()
    {
        var result = await CliRun.RunAsync(["project", "list"], new Dictionary<string, string> { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = "kt_wrong" });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: 401", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    private async Task<(string ProjectId, string ConnectionId)> ProjectAndConnectionAsync(string prefix)
    {
        var projectId = Json(await RunOkAsync("project", "create", "--name", $"{prefix}-{Guid.NewGuid():N}"[..20], "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", $"{prefix}-{Guid.NewGuid():N}"[..20],
            "--tenant-id", Emulator.TenantId, "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "-o", "json"))["appConnection"]!["id"]!.GetValue<string>();
        return (projectId, connectionId);
    }
}
