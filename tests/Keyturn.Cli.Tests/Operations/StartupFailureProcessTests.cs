using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn server` processes that cannot start: each says why in one line (no stack trace) and exits 1, and a
/// refusal found before the data directory is touched leaves it as it was.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class StartupFailureProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-start-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    public StartupFailureProcessTests() => _secrets.Add(_token);

    private string DataDirectory => Path.Combine(_directory, "data");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task NonLoopbackPlainHttp_RefusedInOneLine_StartsWithInsecureHttp()
    {
        var url = $"http://0.0.0.0:{LoopbackPorts.Unused()}";

        var (exitCode, lines) = await RefusedAsync("--urls", url);

        var line = AssertOneLine(exitCode, lines);
        Assert.Contains($"plain http on {url}", line, StringComparison.Ordinal);
        Assert.Contains("--tls-cert", line, StringComparison.Ordinal);
        Assert.Contains("--insecure-http", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory), "the refusal created the data directory");

        using var server = await ServerProcess.StartAsync(DataDirectory, ServerProcess.TraceEnvironment(_token), _secrets, "--urls", url, "--insecure-http");
        using var client = new HttpClient { Timeout = OperationsServer.Bound };
        var health = await client.GetAsync(new Uri($"http://127.0.0.1:{server.Address.Port}/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}")]
    [InlineData("http://localhost:{0}")]
    public async Task PortInUse_OneLineNamingTheAddress(string urlFormat)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, urlFormat, ((IPEndPoint)listener.LocalEndpoint).Port);

        var (exitCode, lines) = await RefusedAsync("--urls", url);

        var line = AssertOneLine(exitCode, lines);
        Assert.Contains("address already in use", line, StringComparison.Ordinal);
        Assert.Contains($":{((IPEndPoint)listener.LocalEndpoint).Port}", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadPairs => new()
    {
        { "missing certificate", "does not exist" },
        { "garbage certificate", "holds no complete PEM certificate" },
        { "garbage key", "holds no complete PEM EC private key" },
        { "key of another certificate", "holds a private key that does not belong to the certificate" },
        { "encrypted key", "holds an encrypted private key" },
        { "client-only certificate", "does not allow server authentication" },
    };

    [Theory]
    [MemberData(nameof(BadPairs))]
    public async Task BadTlsFiles_OneLineNamingTheFile_DataDirectoryUntouched(string broken, string expected)
    {
        var certificate = TlsTestCertificates.SelfSigned("keyturn", clientAuthOnly: broken == "client-only certificate");
        _secrets.UnionWith(TlsProcessFiles.KeyLines(certificate));
        var (certificateFile, keyFile) = (Path.Combine(_directory, "cert.pem"), Path.Combine(_directory, "key.pem"));
        TlsTestCertificates.WritePair(certificate, certificateFile, keyFile);
        var named = keyFile;
        switch (broken)
        {
            case "missing certificate": (certificateFile, named) = (Path.Combine(_directory, "nowhere.pem"), Path.Combine(_directory, "nowhere.pem")); break;
            case "garbage certificate": File.WriteAllText(certificateFile, "not a certificate\n"); named = certificateFile; break;
            case "garbage key": File.WriteAllText(keyFile, "-----BEGIN PRIVATE KEY-----\nAAAA\n"); break;
            case "key of another certificate": TlsTestCertificates.WritePair(TlsTestCertificates.SelfSigned("other"), Path.Combine(_directory, "other.pem"), keyFile); break;
            case "encrypted key": File.WriteAllText(keyFile, certificate.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("pass", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000))); break;
            case "client-only certificate": named = certificateFile; break;
        }

        var (exitCode, lines) = await RefusedAsync("--tls-cert", certificateFile, "--tls-key", keyFile, "--urls", "https://127.0.0.1:0");

        var line = AssertOneLine(exitCode, lines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains($"'{named}'", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory), "the refusal created the data directory");
    }

    [Fact]
    public async Task OneTlsFlagWithoutTheOther_UsageErrorNamingBoth()
    {
        var (exitCode, lines) = await RefusedAsync("--tls-cert", Path.Combine(_directory, "cert.pem"));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(lines);
        Assert.Equal("error: --tls-cert needs --tls-key (give both, or neither for plain http on loopback)", line);
    }

    [Fact]
    public async Task HttpsUrlWithoutCertificate_OneLine()
    {
        var (exitCode, lines) = await RefusedAsync("--urls", "https://127.0.0.1:0");

        Assert.Contains("https://127.0.0.1:0 is https, but no certificate was given", AssertOneLine(exitCode, lines), StringComparison.Ordinal);
    }

    // The tests run as root here, and root reads a chmod 000 directory all the same; a file where the directory
    // should be (or above it) is what root cannot get past either, and takes the same path through the start.
    [Theory]
    [InlineData("", "is a file, not a directory")]
    [InlineData("sub", "is a file, not a directory")]
    public async Task DataDirectoryUnusable_OneLineNamingIt(string below, string expected)
    {
        var file = Path.Combine(_directory, "not-a-directory");
        File.WriteAllText(file, "");
        var directory = below.Length == 0 ? file : Path.Combine(file, below);

        var (exitCode, lines) = await ServerProcess.StartRefusedAsync(directory, ServerProcess.TraceEnvironment(_token), _secrets, "--urls", "http://127.0.0.1:0");

        var line = AssertOneLine(exitCode, lines);
        Assert.Contains($"The data directory '{directory}' (--data-dir)", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongRootKey_OneLine()
    {
        using (await ServerProcess.StartAsync(DataDirectory, ServerProcess.TraceEnvironment(_token), _secrets, "--urls", "http://127.0.0.1:0"))
        {
        }

        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _secrets.Add(otherKey);
        var environment = ServerProcess.TraceEnvironment(_token);
        environment["KEYTURN_ROOT_KEY"] = otherKey;

        var (exitCode, lines) = await ServerProcess.StartRefusedAsync(DataDirectory, environment, _secrets, "--urls", "http://127.0.0.1:0");

        Assert.Contains("The root key does not open this installation's data keys", AssertOneLine(exitCode, lines), StringComparison.Ordinal);
    }

    private Task<(int ExitCode, IReadOnlyList<string> Lines)> RefusedAsync(params string[] flags) =>
        ServerProcess.StartRefusedAsync(DataDirectory, ServerProcess.TraceEnvironment(_token), _secrets, flags);

    /// <summary>Exit 1, one error line, and nothing of a stack trace anywhere in the output.</summary>
    private static string AssertOneLine(int exitCode, IReadOnlyList<string> lines)
    {
        var output = string.Join('\n', lines);
        Assert.True(exitCode == 1, $"exit {exitCode}:\n{output}");
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        var error = Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.True(lines.Count == 1, $"more than the error line:\n{output}");
        return error;
    }
}
