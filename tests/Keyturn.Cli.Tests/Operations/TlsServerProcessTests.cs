using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn server --tls-cert --tls-key` as a real process: the CLI trusting it through KEYTURN_CACERT / --ca-cert,
/// the pair reloaded on SIGHUP and on file change, a broken pair after start keeping the served certificate.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class TlsServerProcessTests : IDisposable
{
    private static readonly TimeSpan ReloadBound = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-tls-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    public TlsServerProcessTests() => _secrets.Add(_token);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task HttpsServer_CliWithCaCert_TalksToIt_WithoutIt_RefusesTheCertificate()
    {
        var (certificateFile, keyFile) = Pair(_directory, SelfSigned("keyturn-first"));
        using var server = await StartAsync("--urls", "https://127.0.0.1:0", "--tls-cert", certificateFile, "--tls-key", keyFile);
        Assert.Equal("https", server.Address.Scheme);

        var byVariable = await CliAsync(server, new() { ["KEYTURN_CACERT"] = certificateFile }, "project", "list");
        var byFlag = await CliAsync(server, [], "status", "--ca-cert", certificateFile);
        var untrusted = await CliAsync(server, [], "project", "list");
        var (otherCa, _) = Pair(Path.Combine(_directory, "other"), SelfSigned("someone-else"));
        var wrongCa = await CliAsync(server, new() { ["KEYTURN_CACERT"] = otherCa }, "project", "list");

        Assert.True(byVariable.ExitCode == 0, string.Join('\n', byVariable.Lines));
        Assert.True(byFlag.ExitCode == 0, string.Join('\n', byFlag.Lines));
        Assert.Contains(byFlag.Lines, l => l.Contains("(reachable)", StringComparison.Ordinal));
        foreach (var refused in new[] { untrusted, wrongCa })
        {
            Assert.Equal(1, refused.ExitCode);
            var line = Assert.Single(refused.Lines);
            Assert.StartsWith("error: cannot reach https://127.0.0.1:", line, StringComparison.Ordinal);
            Assert.Contains("TLS handshake failed", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FullchainFile_IntermediateIsServed_CliTrustingOnlyTheRootConnects()
    {
        var (root, intermediate, server) = TlsTestCertificates.Chain();
        _secrets.UnionWith(TlsProcessFiles.KeyLines(server));
        var (certificateFile, keyFile) = Pair(_directory, server);
        File.AppendAllText(certificateFile, "\n" + intermediate.ExportCertificatePem());
        var rootFile = Path.Combine(_directory, "root.pem");
        File.WriteAllText(rootFile, root.ExportCertificatePem());
        using var running = await StartAsync("--urls", "https://127.0.0.1:0", "--tls-cert", certificateFile, "--tls-key", keyFile);

        // The client knows only the root: the handshake succeeds only if the server sends the intermediate.
        var status = await CliAsync(running, new() { ["KEYTURN_CACERT"] = rootFile }, "status");

        Assert.True(status.ExitCode == 0, string.Join('\n', status.Lines));
    }

    [Fact]
    public async Task Sighup_NewPairWhereNoWatcherLooks_IsServedWithoutRestart()
    {
        // The flags name links in tls/ to files in store/: rewriting store/ is invisible to the watcher on tls/, so only
        // the signal can bring the new pair in (as with certbot's live/ links to archive/).
        var store = Directory.CreateDirectory(Path.Combine(_directory, "store")).FullName;
        var links = Directory.CreateDirectory(Path.Combine(_directory, "tls")).FullName;
        var first = SelfSigned("keyturn-first");
        var (storedCertificate, storedKey) = Pair(store, first);
        var certificateFile = File.CreateSymbolicLink(Path.Combine(links, "cert.pem"), storedCertificate).FullName;
        var keyFile = File.CreateSymbolicLink(Path.Combine(links, "key.pem"), storedKey).FullName;
        using var server = await StartAsync("--tls-cert", certificateFile, "--tls-key", keyFile, "--urls", "https://127.0.0.1:0");
        Assert.Equal(first.Thumbprint, await ServedAsync(server));

        var second = SelfSigned("keyturn-second");
        Pair(store, second);
        Signal(server.Id, "HUP");

        await WaitUntilServedAsync(server, second.Thumbprint);
        await server.WaitForLineAsync(l => l.Contains("TLS certificate reloaded after SIGHUP", StringComparison.Ordinal));
        var status = await CliAsync(server, new() { ["KEYTURN_CACERT"] = storedCertificate }, "status");
        Assert.True(status.ExitCode == 0, string.Join('\n', status.Lines));
    }

    [Fact]
    public async Task FileChange_BrokenPemKeepsTheServedCertificate_ThenAValidPairIsServed()
    {
        var first = SelfSigned("keyturn-first");
        var (certificateFile, keyFile) = Pair(_directory, first);
        using var server = await StartAsync("--tls-cert", certificateFile, "--tls-key", keyFile, "--urls", "https://127.0.0.1:0");

        // Half of a certificate, as a copy interrupted midway leaves it.
        var pem = first.ExportCertificatePem();
        File.WriteAllText(certificateFile, pem[..(pem.Length / 2)]);

        var warning = await server.WaitForLineAsync(l => l.Contains("holds no complete PEM certificate", StringComparison.Ordinal));
        Assert.Contains(certificateFile, warning, StringComparison.Ordinal);
        Assert.Contains($"Still serving CN=keyturn-first (thumbprint {first.Thumbprint}", warning, StringComparison.Ordinal);
        Assert.Equal(first.Thumbprint, await ServedAsync(server));

        var second = SelfSigned("keyturn-second");
        Pair(_directory, second);

        await WaitUntilServedAsync(server, second.Thumbprint);
        await server.WaitForLineAsync(l => l.Contains("TLS certificate reloaded after a change to the TLS files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpiredCertificate_ServedWithAWarning()
    {
        var expired = SelfSigned("keyturn-expired", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var (certificateFile, keyFile) = Pair(_directory, expired);

        using var server = await StartAsync("--tls-cert", certificateFile, "--tls-key", keyFile, "--urls", "https://127.0.0.1:0");

        await server.WaitForLineAsync(l => l.Contains($"(thumbprint {expired.Thumbprint}) expired on", StringComparison.Ordinal));
        Assert.Equal(expired.Thumbprint, await ServedAsync(server));
    }

    private X509Certificate2 SelfSigned(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var certificate = TlsTestCertificates.SelfSigned(name, notBefore, notAfter);
        _secrets.UnionWith(TlsProcessFiles.KeyLines(certificate));
        return certificate;
    }

    private static (string CertificateFile, string KeyFile) Pair(string directory, X509Certificate2 certificate)
    {
        Directory.CreateDirectory(directory);
        var paths = (Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"));
        TlsTestCertificates.WritePair(certificate, paths.Item1, paths.Item2);
        return paths;
    }

    private Task<ServerProcess> StartAsync(params string[] flags) =>
        ServerProcess.StartAsync(Path.Combine(_directory, "data"), ServerProcess.TraceEnvironment(_token), _secrets, flags);

    private async Task<(int ExitCode, IReadOnlyList<string> Lines)> CliAsync(ServerProcess server, Dictionary<string, string> environment, params string[] args)
    {
        environment["KEYTURN_ADDR"] = server.Address.AbsoluteUri;
        environment["KEYTURN_TOKEN"] = _token;
        return await OperationsServer.RunAsync(environment, args);
    }

    private static async Task<string> ServedAsync(ServerProcess server)
    {
        using var bound = new CancellationTokenSource(OperationsServer.Bound);
        return await TlsTestCertificates.ServedThumbprintAsync(server.Address.Port, bound.Token);
    }

    private static async Task WaitUntilServedAsync(ServerProcess server, string thumbprint)
    {
        // A hang guard, not a timing check: the reload happens within a second or so.
        var watch = Stopwatch.StartNew();
        string served;
        while ((served = await ServedAsync(server)) != thumbprint && watch.Elapsed < ReloadBound)
        {
            await Task.Delay(100);
        }

        Assert.True(served == thumbprint, $"still serving {served}, not {thumbprint}; output:\n{string.Join('\n', server.Output)}");
    }

    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
