namespace Keyturn.AzureEmulator.Tests;

/// <summary>The CLI entry point: prints connection details and stops on cancellation.</summary>
public sealed class AzureEmulatorStandaloneTests
{
    [Fact]
    public async Task RunAsync_UntilCancelled_PrintsConnectionDetailsAndReturnsZero()
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-emulator-cli-").FullName;
        try
        {
            using var output = new StringWriter();
            using var stop = new CancellationTokenSource();
            var run = AzureEmulatorStandalone.RunAsync(0, directory, TextWriter.Synchronized(output), stop.Token);
            var deadline = TimeProvider.System.GetTimestamp();
            while (!output.ToString().Contains("Ctrl+C", StringComparison.Ordinal) && TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            var exitCode = await run;

            var text = output.ToString();
            Assert.Equal(0, exitCode);
            Assert.Contains("Ctrl+C", text);
            Assert.Contains("tenant id:", text);
            Assert.Contains("admin client secret:", text);
            Assert.Contains("target object id:", text);
            Assert.Contains("public client id:", text);
            Assert.Contains("user:                  alex@keyturn.onmicrosoft.com", text);
            Assert.Contains("privileged user:       admin@keyturn.onmicrosoft.com", text);
            Assert.Contains($"export SSL_CERT_FILE={Path.Combine(directory, "ca.pem")}", text);
            Assert.True(File.Exists(Path.Combine(directory, "state.json")));

            // What a second shell sources (README's walkthrough): every value it needs, owner-only (it holds the admin secret).
            var environmentFile = Path.Combine(directory, EmulatorEnvironmentFile.FileName);
            Assert.Contains($"source {environmentFile}", text);
            var exports = File.ReadAllText(environmentFile);
            Assert.Contains($"export KEYTURN_EMULATOR_CA='{Path.Combine(directory, "ca.pem")}'", exports);
            foreach (var name in new[] { "URL", "TENANT_ID", "CLIENT_ID", "CLIENT_SECRET", "TARGET_OBJECT_ID", "TARGET_CLIENT_ID" })
            {
                Assert.Matches($"(?m)^export KEYTURN_EMULATOR_{name}='[^']+'$", exports);
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(environmentFile));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
