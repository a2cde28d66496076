using System.Net;
using System.Security.Cryptography;
using System.Text;
using Keyturn.Core.Tokens;
using Keyturn.Server.Hosting;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>
/// No secret value is ever written to the data directory in plain text: database, WAL, or any other file (webhook URLs
/// and signing secrets included). API tokens
/// are kept only as their SHA-256 (root.token, when the server generated the token, is the one documented exception).
/// </summary>
public sealed class DataDirectoryScanTests
{
    [Fact]
    public async Task DataDirectory_AfterSecretsConnectionRotationAndWebhook_HoldsNoPlainSecret()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { OutboundAllow = ["127.0.0.1:9"] });
        var plain = $"Distinctive-Plain-Value-{Guid.NewGuid():N}";
        var setup = await Scenario.CreateRotationAsync(server);
        await Scenario.CreateSecretAsync(server, setup.ProjectId, "DISTINCTIVE", plain);
        // An incoming-webhook URL carries its credential in the path, as Slack's do.
        var hookPath = $"services/T0/B0/{Guid.NewGuid():N}";
        var webhook = (await server.Api.PostAsync($"/api/v1/projects/{setup.ProjectId}/webhooks", new { url = $"http://127.0.0.1:9/{hookPath}", events = new[] { "rotation.failed" } }))
            .ShouldBe(HttpStatusCode.OK).Body["webhook"]!;
        Assert.Equal("http://127.0.0.1:9/\u2026", webhook["url"]!.GetValue<string>());
        await Scenario.RotateAsync(server, setup.RotationId);
        var generated = (await server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK)
            .Body["generatedCredentials"]!.AsArray().Select(s => s!["clientSecret"]!.GetValue<string>()).ToList();
        Assert.Equal(2, generated.Count);
        var forbidden = new List<(string What, string Value)> { ("plain secret", plain), ("connection client secret", server.Emulator.AdminApp.InitialSecret!) };
        forbidden.AddRange(generated.Select((g, i) => ($"generated client secret {i}", g)));
        forbidden.AddRange([("webhook URL path", hookPath), ("webhook signing secret", webhook["signingSecret"]!.GetValue<string>())]);

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

    [Fact]
    public async Task DataDirectory_RootTokenFromEnvironment_HoldsItsSha256AndNeverItsText()
    {
        var token = ApiTokens.Generate();
        await using var server = await TestServer.StartAsync(rootToken: token);
        (await server.Api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
        var forbidden = new List<(string What, string Value)> { ("root token", token) };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

        var whileRunning = Scan(server.DataDirectory, forbidden);
        var hashWhileRunning = FilesHolding(server.DataDirectory, hash);
        await server.StopServerAsync();
        var afterStop = Scan(server.DataDirectory, forbidden);

        Assert.False(File.Exists(Path.Combine(server.DataDirectory, DataDirectory.RootTokenFile)), "a token from the environment is not written to disk");
        Assert.Empty(whileRunning.Hits);
        Assert.Empty(afterStop.Hits);
        // The hash is there: the scan reads where the token is kept (WAL while running, the database after a checkpoint).
        Assert.NotEmpty(hashWhileRunning);
        Assert.Contains(FilesHolding(server.DataDirectory, hash), f => f.EndsWith(DataDirectory.DatabaseFile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DataDirectory_GeneratedRootToken_OnlyRootTokenFileHoldsItsText()
    {
        await using var server = await TestServer.StartAsync();
        var token = server.Host.RootToken;
        (await server.Api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
        var forbidden = new List<(string What, string Value)> { ("generated root token", token) };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

        var whileRunning = Scan(server.DataDirectory, forbidden);
        await server.StopServerAsync();
        var afterStop = Scan(server.DataDirectory, forbidden);

        var expected = $"generated root token in {DataDirectory.RootTokenFile} (UTF-8)";
        Assert.Equal([expected], whileRunning.Hits);
        Assert.Equal([expected], afterStop.Hits);
        Assert.Contains(FilesHolding(server.DataDirectory, hash), f => f.EndsWith(DataDirectory.DatabaseFile, StringComparison.Ordinal));
    }

    private static (List<string> Files, List<string> Hits) Scan(string directory, IReadOnlyList<(string What, string Value)> forbidden)
    {
        var files = new List<string>();
        var hits = new List<string>();
        foreach (var (file, bytes) in ReadAll(directory))
        {
            files.Add(file);
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

    private static List<string> FilesHolding(string directory, byte[] pattern) =>
        ReadAll(directory).Where(f => f.Bytes.AsSpan().IndexOf(pattern) >= 0).Select(f => f.File).ToList();

    private static IEnumerable<(string File, byte[] Bytes)> ReadAll(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == DataDirectory.LockFile)
            {
                // Always empty, and held exclusively by the running server: there is nothing in it to read.
                Assert.Equal(0, new FileInfo(file).Length);
                continue;
            }

            byte[] bytes;
            // The database may be open; share everything so the scan never blocks or disturbs the server.
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            yield return (file, bytes);
        }
    }
}
