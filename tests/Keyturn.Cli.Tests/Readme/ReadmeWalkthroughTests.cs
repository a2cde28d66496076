using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keyturn.Cli.Tests.Acceptance;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Readme;

/// <summary>
/// README.md's walkthrough run exactly as written: the terminal 1 block in one bash, the terminal 2 blocks in
/// another (`set -euo pipefail`), with a temporary HOME and working directory and this build's `keyturn` first on
/// PATH. Only the build block is left out (it builds what this test already built). Afterwards the server must hold
/// two versions of the rotated secret, both printed by the walkthrough and both accepted by the emulator's Entra.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class ReadmeWalkthroughTests : IDisposable
{
    private const string Done = "<<walkthrough finished>>";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-readme-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Walkthrough_AsWritten_RotatesAndReadsTheSecret()
    {
        var walkthrough = ReadmeWalkthrough.Read();
        var build = Assert.Single(walkthrough.Blocks("build"));
        Assert.Contains("dotnet build src/Keyturn.Cli", build, StringComparison.Ordinal);
        var terminal1 = Assert.Single(walkthrough.Blocks("terminal 1"));
        var terminal2 = walkthrough.Blocks("terminal 2");
        AssertPortsFree(ReadmeWalkthrough.Ports([terminal1, .. terminal2]));

        var home = Directory.CreateDirectory(Path.Combine(_directory, "home")).FullName;
        var work = Directory.CreateDirectory(Path.Combine(_directory, "work")).FullName;
        var environment = Environment(home);
        var script1 = Write("terminal1.sh", terminal1);
        // The EXIT trap stops the server the blocks start in the background if a command fails; `wait` keeps bash
        // (and so the server) alive, in this process tree, until the test has looked and kills it.
        var script2 = Write("terminal2.sh",
            "set -euo pipefail\ntrap 'kill $(jobs -p) 2> /dev/null || true' EXIT\n" + string.Join('\n', terminal2) + $"\necho '{Done}'\nwait\n");

        using var emulatorTerminal = BashScript.Start(script1, work, environment);
        var serverLog = Path.Combine(home, "keyturn-walkthrough", "server.log");
        IReadOnlyCollection<string> secrets = [];
        try
        {
            using (var commandTerminal = BashScript.Start(script2, work, environment))
            {
                var finished = await commandTerminal.WaitForLineAsync(Done, Bound);
                Assert.True(finished, $"terminal 2 did not finish{(commandTerminal.HasExited ? $" (exit {commandTerminal.ExitCode})" : "")}:\n"
                    + $"{string.Join('\n', commandTerminal.Output)}\n--- terminal 1:\n{string.Join('\n', emulatorTerminal.Output)}\n--- server.log:\n{ReadLog(serverLog)}");

                secrets = await AssertRotatedAndPrintedAsync(home, terminal2, commandTerminal.Output);
            }
        }
        finally
        {
            emulatorTerminal.Dispose();
        }

        var lines = File.ReadAllLines(serverLog);
        var leaks = LogLeakCheck.FindInOutput("keyturn server", lines, secrets);
        if (leaks.Count > 0)
        {
            throw new LogLeakException(LogLeakCheck.Describe(leaks, lines.Length, secrets.Count));
        }
    }

    /// <summary>Checks the outcome through the API and the emulator; returns the secrets the server's log must not hold.</summary>
    private static async Task<IReadOnlyCollection<string>> AssertRotatedAndPrintedAsync(string home, IReadOnlyList<string> terminal2, IReadOnlyCollection<string> output)
    {
        var emulator = EmulatorEnvironment(Path.Combine(home, "keyturn-walkthrough", "emulator", "emulator.env"));
        var token = (await File.ReadAllTextAsync(Path.Combine(home, "keyturn-walkthrough", "data", "root.token"))).Trim();
        var address = UrlsOption().Match(string.Join('\n', terminal2)).Groups["url"].Value;
        using var api = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(1) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var projects = JsonNode.Parse(await api.GetStringAsync("api/v1/projects"))!["projects"]!.AsArray();
        var projectId = Assert.Single(projects)!["id"]!.GetValue<string>();
        var first = await SecretVersionAsync(api, projectId, 1);
        var second = await SecretVersionAsync(api, projectId, 2);

        Assert.NotEqual(first, second);
        Assert.Contains(first, output);
        Assert.Contains(second, output);
        using var control = new EmulatorControlClient(new Uri(emulator["KEYTURN_EMULATOR_URL"]), X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(emulator["KEYTURN_EMULATOR_CA"])));
        Assert.True(await control.AuthenticatesAsync(emulator["KEYTURN_EMULATOR_TARGET_CLIENT_ID"], second), "the rotated secret must authenticate");
        Assert.True(await control.AuthenticatesAsync(emulator["KEYTURN_EMULATOR_TARGET_CLIENT_ID"], first), "the previous secret must still authenticate");
        return [token, emulator["KEYTURN_EMULATOR_CLIENT_SECRET"], first, second];
    }

    private static async Task<string> SecretVersionAsync(HttpClient api, string projectId, int version)
    {
        using var response = await api.GetAsync($"api/v3/secrets/raw/AZURE_CLIENT_SECRET?workspaceId={projectId}&environment=dev&secretPath=/&version={version}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"AZURE_CLIENT_SECRET version {version}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["secret"]!["secretValue"]!.GetValue<string>();
    }

    /// <summary>`export NAME='value'` lines, as <c>EmulatorEnvironmentFile</c> writes them (values never hold a quote here).</summary>
    private static Dictionary<string, string> EmulatorEnvironment(string path) =>
        File.ReadAllLines(path).Select(l => ExportLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);

    /// <summary>The fixed ports are the README's promise; a clash is reported as such, not as a walkthrough failure.</summary>
    private static void AssertPortsFree(IEnumerable<int> ports)
    {
        foreach (var port in ports)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException e)
            {
                Assert.Fail($"port {port}, fixed by README.md's walkthrough, is in use ({e.SocketErrorCode}): stop what listens there and run again");
            }
        }
    }

    /// <summary>The test's own environment with HOME replaced, this build's keyturn first on PATH, and no KEYTURN_* settings of the caller.</summary>
    private Dictionary<string, string?> Environment(string home)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        var keyturn = Path.Combine(bin, "keyturn");
        // What `dotnet build -o .keyturn-bin` puts on PATH, for this test's build: the same program under the same name.
        File.WriteAllText(keyturn, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "keyturn.dll")}' \"$@\"\n");
        File.SetUnixFileMode(keyturn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["PATH"] = $"{bin}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["SSL_CERT_FILE"] = null,
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith("KEYTURN_", StringComparison.Ordinal)))
        {
            environment[name] = null;
        }

        return environment;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string ReadLog(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no server.log)";

    [GeneratedRegex(@"^export (?<name>[A-Z_]+)='(?<value>[^']*)'$")]
    private static partial Regex ExportLine();

    [GeneratedRegex(@"--urls (?<url>\S+)")]
    private static partial Regex UrlsOption();
}
