using System.Net;
using System.Text;
using Keyturn.Server.Hosting;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>No secret value is ever written to the data directory in plain text: database, WAL, or any other file.</summary>
public sealed class DataDirectoryScanTests
{
    [Fact]
    public async Task DataDirectory_AfterSecretsConnectionAndRotation_HoldsNoPlainSecret()
    {
        await using var server = await TestServer.StartAsync();
        var plain = $"Distinctive-Plain-Value-{Guid.NewGuid():N}";
        var setup = await Scenario.CreateRotationAsync(server);
        await Scenario.CreateSecretAsync(server, setup.ProjectId, "DISTINCTIVE", plain);
        await Scenario.RotateAsync(server, setup.RotationId);
        var generated = (await server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK)
            .Body["generatedCredentials"]!.AsArray().Select(s => s!["clientSecret"]!.GetValue<string>()).ToList();
        Assert.Equal(2, generated.Count);
        var forbidden = new List<(string What, string Value)> { ("plain secret", plain), ("connection client secret", server.Emulator.AdminApp.InitialSecret!) };
        forbidden.AddRange(generated.Select((g, i) => ($"generated client secret {i}", g)));

        // The secret's key is stored in clear: finding it proves the scan reads what the server wrote.
        var canary = new List<(string What, string Value)> { ("secret key", "DISTINCTIVE") };
        Assert.NotEmpty(Scan(server.DataDirectory, canary).Hits);

        var whileRunning = Scan(server.DataDirectory, forbidden);
        Assert.Contains(whileRunning.Files, f => f.EndsWith("keyturn.db-wal", StringComparison.Ordinal));
        await server.StopServerAsync();
        var afterStop = Scan(server.DataDirectory, forbidden);

        Assert.Empty(whileRunning.Hits);
        Assert.Empty(afterStop.Hits);
        Assert.Contains(afterStop.Files, f => f.EndsWith("keyturn.db", StringComparison.Ordinal));
        Assert.NotEmpty(Scan(server.DataDirectory, canary).Hits);
    }

    private static (List<string> Files, List<string> Hits) Scan(string directory, IReadOnlyList<(string What, string Value)> forbidden)
    {
        var files = new List<string>();
        var hits = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == DataDirectory.LockFile)
            {
                // Always empty, and held exclusively by the running server: there is nothing in it to read.
                Assert.Equal(0, new FileInfo(file).Length);
                continue;
            }

            files.Add(file);
            byte[] bytes;
            // The database may be open; share everything so the scan never blocks or disturbs the server.
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            foreach (var (what, value) in forbidden)
            {
                if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0)
                {
                    hits.Add($"{what} in {Path.GetFileName(file)} (UTF-8)");
                }

                if (bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)) >= 0)
                {
                    hits.Add($"{what} in {Path.GetFileName(file)} (UTF-16)");
                }
            }
        }

        return (files, hits);
    }
}
