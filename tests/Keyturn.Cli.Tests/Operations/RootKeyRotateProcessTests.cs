using System.Runtime.Versioning;
using System.Security.Cryptography;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn root-key rotate` on a real installation: refused while the server runs; afterwards a server reads every
/// secret (and rotates again) with the new key and refuses, in one line, to start with the old one.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class RootKeyRotateProcessTests : IDisposable
{
    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-rootkey-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Rotate_RootKeyFile_NewKeyReadsEverySecretAndTheOldOneIsRefused()
    {
        var script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        var data = Path.Combine(_directory, "data");
        var keyPath = Path.Combine(data, DataDirectory.RootKeyFile);
        PopulatedInstallation installation;
        using (var server = await OperationsServer.StartAsync(data, _token, script.ScriptsDirectory))
        {
            installation = await PopulatedInstallation.CreateAsync(server, script);

            var whileRunning = await OperationsServer.RunAsync(null, "root-key", "rotate", "--data-dir", data);

            Assert.Equal(1, whileRunning.ExitCode);
            Assert.Contains("stop it", Assert.Single(whileRunning.Lines), StringComparison.Ordinal);
        }

        var oldKey = File.ReadAllText(keyPath).Trim();

        var rotate = await OperationsServer.RunAsync(null, "root-key", "rotate", "--data-dir", data);

        Assert.True(rotate.ExitCode == 0, string.Join('\n', rotate.Lines));
        var newKey = File.ReadAllText(keyPath).Trim();
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(32, Convert.FromBase64String(newKey).Length);
        Assert.Equal(oldKey, File.ReadAllText(Path.Combine(data, RootKeyCommands.OldKeyFile)).Trim());
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(keyPath));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(data, RootKeyCommands.OldKeyFile)));
        Assert.False(File.Exists(Path.Combine(data, RootKeyCommands.NewKeyFile)));
        Assert.DoesNotContain(rotate.Lines, l => l.Contains(newKey, StringComparison.Ordinal) || l.Contains(oldKey, StringComparison.Ordinal));

        using (var server = await OperationsServer.StartAsync(data, _token, script.ScriptsDirectory))
        {
            await installation.AssertEverySecretReadsAsync(server);
            // New values seal and open under the rewrapped data keys too.
            await PopulatedInstallation.RotateAsync(server, installation.RotationId);
            Assert.True(script.Accepts((await server.ReadAllAsync(installation.ProjectIds[0]))["OKTA_PASSWORD"]));

            var audit = await server.SendAsync(HttpMethod.Get, "api/v1/audit-logs?action=root-key.rotated", null);
            var entry = Assert.Single(audit["auditLogs"]!.AsArray())!;
            Assert.Equal("local-operator", entry["actor"]!.GetValue<string>());
            Assert.Equal("root-key", entry["resourceType"]!.GetValue<string>());
            Assert.Equal("success", entry["outcome"]!.GetValue<string>());
            Assert.True(entry["details"]!["dataKeysRewrapped"]!.GetValue<int>() > 0);
            Assert.DoesNotContain(oldKey, entry.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(newKey, entry.ToJsonString(), StringComparison.Ordinal);
        }

        var withOld = await OperationsServer.StartRefusedAsync(data, _token, script.ScriptsDirectory, rootKey: oldKey);

        Assert.Equal(1, withOld.ExitCode);
        var line = Assert.Single(withOld.Lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("root key", line, StringComparison.Ordinal);

        var again = await OperationsServer.RunAsync(null, "root-key", "rotate", "--data-dir", data);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains(RootKeyCommands.OldKeyFile, Assert.Single(again.Lines), StringComparison.Ordinal);
        Assert.Equal(newKey, File.ReadAllText(keyPath).Trim());
    }

    [Fact]
    public async Task Rotate_RootKeyFromEnvironment_PrintsTheNewKeyOnceAndWritesNoKeyFile()
    {
        var script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        var data = Path.Combine(_directory, "data");
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        PopulatedInstallation installation;
        using (var server = await OperationsServer.StartAsync(data, _token, script.ScriptsDirectory, rootKey: oldKey))
        {
            installation = await PopulatedInstallation.CreateAsync(server, script);
        }

        var wrongKey = await OperationsServer.RunAsync(new Dictionary<string, string> { ["KEYTURN_ROOT_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            "root-key", "rotate", "--data-dir", data);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("nothing was changed", Assert.Single(wrongKey.Lines), StringComparison.Ordinal);

        var rotate = await OperationsServer.RunAsync(new Dictionary<string, string> { ["KEYTURN_ROOT_KEY"] = oldKey }, "root-key", "rotate", "--data-dir", data);

        Assert.True(rotate.ExitCode == 0, string.Join('\n', rotate.Lines));
        var printed = rotate.Lines.Where(l => l.Length == 44 && !l.Contains(' ', StringComparison.Ordinal)).ToList();
        var newKey = Assert.Single(printed);
        Assert.Equal(32, Convert.FromBase64String(newKey).Length);
        Assert.NotEqual(oldKey, newKey);
        Assert.Empty(Directory.GetFiles(data, DataDirectory.RootKeyFile + "*"));

        using (var server = await OperationsServer.StartAsync(data, _token, script.ScriptsDirectory, rootKey: newKey))
        {
            await installation.AssertEverySecretReadsAsync(server);
        }

        var withOld = await OperationsServer.StartRefusedAsync(data, _token, script.ScriptsDirectory, rootKey: oldKey);
        Assert.Equal(1, withOld.ExitCode);
        Assert.Contains("root key", Assert.Single(withOld.Lines), StringComparison.Ordinal);
    }
}
