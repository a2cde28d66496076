using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn backup` against a real serving `keyturn server` process, `keyturn restore` into a new directory, and
/// servers started there: refused (and writing nothing) without the root key, reading every secret with it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BackupRestoreProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-backup-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task BackupWhileServing_RestoreIntoNewDirectory_ServerWithTheSameRootKeyReadsEverySecret()
    {
        var script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        var original = Path.Combine(_directory, "original");
        var backup = Path.Combine(_directory, "keyturn.backup");
        PopulatedInstallation installation;
        using (var server = await OperationsServer.StartAsync(original, _token, script.ScriptsDirectory))
        {
            installation = await PopulatedInstallation.CreateAsync(server, script);

            var (exitCode, lines) = await OperationsServer.RunAsync(null, "backup", "--data-dir", original, "--out", backup);

            Assert.True(exitCode == 0, string.Join('\n', lines));
            // The server keeps serving, and writing, after the copy.
            await PopulatedInstallation.RotateAsync(server, installation.RotationId);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        Assert.DoesNotContain(Directory.GetFiles(_directory, "keyturn.backup*"), f => f != backup); // no partial copy left
        var rootKeyText = File.ReadAllText(Path.Combine(original, DataDirectory.RootKeyFile)).Trim();
        var backupBytes = File.ReadAllBytes(backup);
        Assert.False(Contains(backupBytes, Encoding.UTF8.GetBytes(rootKeyText)), "the backup holds root.key's text");
        Assert.False(Contains(backupBytes, Convert.FromBase64String(rootKeyText)), "the backup holds the root key's bytes");
        Assert.False(Contains(backupBytes, Encoding.UTF8.GetBytes(_token)), "the backup holds the root token");

        var restored = Path.Combine(_directory, "restored");
        var restore = await OperationsServer.RunAsync(null, "restore", "--from", backup, "--data-dir", restored);
        Assert.True(restore.ExitCode == 0, string.Join('\n', restore.Lines));
        Assert.Contains(restore.Lines, l => l.Contains(DataDirectory.RootKeyFile, StringComparison.Ordinal));
        var filesAfterRestore = Listing(restored);

        var refused = await OperationsServer.StartRefusedAsync(restored, _token, script.ScriptsDirectory);

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("no root.key", line, StringComparison.Ordinal);
        Assert.Contains("KEYTURN_ROOT_KEY", line, StringComparison.Ordinal);
        Assert.Equal(filesAfterRestore, Listing(restored)); // no root.key, root.token, node.id or lock file written

        File.Copy(Path.Combine(original, DataDirectory.RootKeyFile), Path.Combine(restored, DataDirectory.RootKeyFile));
        using (var server = await OperationsServer.StartAsync(restored, _token, script.ScriptsDirectory))
        {
            await installation.AssertEverySecretReadsAsync(server);
        }

        // The same backup restores with the key given by environment instead of a file.
        var second = Path.Combine(_directory, "restored-env");
        Assert.Equal(0, (await OperationsServer.RunAsync(null, "restore", "--from", backup, "--data-dir", second)).ExitCode);
        using (var server = await OperationsServer.StartAsync(second, _token, script.ScriptsDirectory, rootKey: rootKeyText))
        {
            await installation.AssertEverySecretReadsAsync(server);
        }

        Assert.False(File.Exists(Path.Combine(second, DataDirectory.RootKeyFile)), "a root key from the environment is not written to disk");
    }

    [Fact]
    public async Task BackupAndRestore_Refusals_ChangeNothing()
    {
        var data = Path.Combine(_directory, "data");
        var script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        using (var server = await OperationsServer.StartAsync(data, _token, script.ScriptsDirectory))
        {
            await server.PostAsync("api/v1/projects", new { projectName = "only" });
        }

        var backup = Path.Combine(_directory, "existing.backup");
        File.WriteAllText(backup, "keep me");

        var noForce = await OperationsServer.RunAsync(null, "backup", "--data-dir", data, "--out", backup);
        Assert.Equal(1, noForce.ExitCode);
        Assert.Contains("--force", Assert.Single(noForce.Lines), StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(backup));

        var forced = await OperationsServer.RunAsync(null, "backup", "--data-dir", data, "--out", backup, "--force");
        Assert.True(forced.ExitCode == 0, string.Join('\n', forced.Lines));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));

        var notEmpty = Path.Combine(_directory, "not-empty");
        Directory.CreateDirectory(notEmpty);
        File.WriteAllText(Path.Combine(notEmpty, "notes.txt"), "x");
        var intoNonEmpty = await OperationsServer.RunAsync(null, "restore", "--from", backup, "--data-dir", notEmpty);
        Assert.Equal(1, intoNonEmpty.ExitCode);
        Assert.Contains("not empty", Assert.Single(intoNonEmpty.Lines), StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Listing(notEmpty));

        var notADatabase = Path.Combine(_directory, "not-a-database");
        File.WriteAllText(notADatabase, new string('x', 4096));
        var fromJunk = await OperationsServer.RunAsync(null, "restore", "--from", notADatabase, "--data-dir", Path.Combine(_directory, "from-junk"));
        Assert.Equal(1, fromJunk.ExitCode);
        Assert.Contains("not a SQLite database", Assert.Single(fromJunk.Lines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "from-junk")));
    }

    private static string[] Listing(string directory) =>
        [.. Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
