using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// Errors in the provider's words, end to end: `keyturn connection create azure` against a real server process whose
/// Entra cannot be reached prints one classified line (the 502, why, and where) and exits 1, and nothing is created.
/// </summary>
public sealed class UnreachableConnectionProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-unreachable-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ConnectionCreate_AuthorityAtAClosedPort_OneClassifiedLineAndExit1()
    {
        var port = LoopbackPorts.Unused();
        var secret = "Never~Sent~" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        using var server = await OperationsServer.StartAsync(Path.Combine(_directory, "data"), _token, Path.Combine(_directory, "scripts"));
        var environment = new Dictionary<string, string> { ["KEYTURN_ADDR"] = server.Api.BaseAddress!.AbsoluteUri, ["KEYTURN_TOKEN"] = _token };

        var (exitCode, lines) = await OperationsServer.RunAsync(environment, "connection", "create", "azure", "--name", "unreachable",
            "--tenant-id", Guid.NewGuid().ToString(), "--client-id", Guid.NewGuid().ToString(), "--client-secret", secret,
            "--authority-host", $"https://127.0.0.1:{port}/", "--graph-endpoint", $"https://127.0.0.1:{port}/");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(lines);
        Assert.True(line.StartsWith("error: 502 The provider could not be reached: Connection refused: ", StringComparison.Ordinal), line);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.True(Regex.Count(line, "Connection refused") == 1, line);
        Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        var connections = await server.SendAsync(HttpMethod.Get, "api/v1/app-connections/azure", null);
        Assert.Empty(connections["appConnections"]!.AsArray());
    }
}
