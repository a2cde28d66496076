using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyturn.Cli.Tests.Acceptance;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// Errors in the provider's words, end to end: with Entra and Graph (the emulator process) gone, `keyturn rotation
/// reconcile` against a real server process reports each slot `unreachable`, naming why, instead of failing with 502.
/// </summary>
public sealed class UnreachableReconcileProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-reconcile-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reconcile_EmulatorStopped_EverySlotUnreachableAndExit0()
    {
        using var emulator = await EmulatorProcess.StartAsync(Path.Combine(_directory, "emulator"));
        using var server = await ServerProcess.StartAsync(Path.Combine(_directory, "data"), EmulatorAzureRotation.ServerEnvironment(emulator, _token),
            new HashSet<string>(StringComparer.Ordinal) { _token, emulator.AdminSecret }, "--urls", "http://127.0.0.1:0");
        using var api = server.Client(_token);
        // Rotated once after the create's first attempt: two slots to reconcile.
        var rotationId = (await EmulatorAzureRotation.CreateAsync(api, emulator, "reconcile")).RotationId;
        await EmulatorAzureRotation.PostAsync(api, $"{EmulatorAzureRotation.Route}/{rotationId}/rotate-secrets", new { });
        emulator.Dispose();

        var (exitCode, lines) = await OperationsServer.RunAsync(
            new Dictionary<string, string> { ["KEYTURN_ADDR"] = server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = _token },
            "rotation", "reconcile", rotationId, "--apply", "-o", "json");

        Assert.True(exitCode == 0, string.Join('\n', lines));
        var findings = JsonNode.Parse(string.Join('\n', lines))!["reconcile"]!["findings"]!.AsArray();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f =>
        {
            Assert.Equal("unreachable", f!["kind"]!.GetValue<string>());
            Assert.Contains("Connection refused", f["message"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }
}
