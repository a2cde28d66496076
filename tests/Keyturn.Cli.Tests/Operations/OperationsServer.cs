using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Cli.Tests.Acceptance;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// A real `keyturn server` process on a data directory, with an API client; killed on dispose, when its output is
/// checked for the secrets this harness saw (the root token, the root key, every secret value sent or read).
/// </summary>
public sealed class OperationsServer : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private const string Listening = "Keyturn listening on ";

    private readonly KeyturnProcess _process;
    private readonly HashSet<string> _secrets;

    private OperationsServer(KeyturnProcess process, HttpClient api, HashSet<string> secrets)
    {
        _process = process;
        _secrets = secrets;
        Api = api;
    }

    public HttpClient Api { get; }

    /// <summary>Starts the server and waits until it listens; fails with its output if it exits instead.</summary>
    public static async Task<OperationsServer> StartAsync(string dataDirectory, string token, string scriptsDirectory, string? rootKey = null)
    {
        var process = KeyturnProcess.Start(Environment(token, rootKey), ServerArgs(dataDirectory, scriptsDirectory));
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(Listening, StringComparison.Ordinal), Bound);
            var api = new HttpClient { BaseAddress = new Uri(line[Listening.Length..].Split(' ')[0]), Timeout = Bound };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return new OperationsServer(process, api, KnownSecrets(token, rootKey));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts a server that is expected to refuse: returns its exit code and every line it printed.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> StartRefusedAsync(string dataDirectory, string token, string scriptsDirectory, string? rootKey = null)
    {
        using var process = KeyturnProcess.Start(Environment(token, rootKey), ServerArgs(dataDirectory, scriptsDirectory));
        var exitCode = await process.WaitForExitAsync(Bound);
        CheckOutput(process, KnownSecrets(token, rootKey));
        return (exitCode, [.. process.Output]);
    }

    /// <summary>Runs a `keyturn` command as its own process: exit code, stdout and stderr lines together.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = KeyturnProcess.Start(environment ?? new Dictionary<string, string>(), args);
        var exitCode = await process.WaitForExitAsync(Bound);
        return (exitCode, [.. process.Output]);
    }

    public async Task<JsonNode> PostAsync(string path, object body) => await SendAsync(HttpMethod.Post, path, body);

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body)
    {
        if (body is not null && JsonSerializer.SerializeToNode(body)?["secretValue"] is JsonValue sent)
        {
            _secrets.Add(sent.GetValue<string>());
        }

        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Every secret of a project's dev root folder, key to value, decrypted by the server.</summary>
    public async Task<SortedDictionary<string, string>> ReadAllAsync(string projectId)
    {
        var list = await SendAsync(HttpMethod.Get, $"api/v3/secrets/raw?workspaceId={projectId}&environment=dev&secretPath=/", null);
        _secrets.UnionWith(list["secrets"]!.AsArray().Select(s => s!["secretValue"]!.GetValue<string>()));
        return new SortedDictionary<string, string>(list["secrets"]!.AsArray().ToDictionary(
            s => s!["secretKey"]!.GetValue<string>(), s => s!["secretValue"]!.GetValue<string>()), StringComparer.Ordinal);
    }

    public async Task<string> ReadVersionAsync(string projectId, string key, int version)
    {
        var value = (await SendAsync(HttpMethod.Get, $"api/v3/secrets/raw/{key}?workspaceId={projectId}&environment=dev&secretPath=/&version={version}", null))
            ["secret"]!["secretValue"]!.GetValue<string>();
        _secrets.Add(value);
        return value;
    }

    public void Dispose()
    {
        Api.Dispose();
        _process.Dispose();
        CheckOutput(_process, _secrets);
    }

    private static HashSet<string> KnownSecrets(string token, string? rootKey) =>
        rootKey is null ? new(StringComparer.Ordinal) { token } : new(StringComparer.Ordinal) { token, rootKey };

    private static void CheckOutput(KeyturnProcess process, IReadOnlyCollection<string> secrets)
    {
        var leaks = LogLeakCheck.FindInOutput("keyturn server", process.Output, secrets);
        if (leaks.Count > 0)
        {
            throw new LogLeakException(LogLeakCheck.Describe(leaks, process.Output.Count, secrets.Count));
        }
    }

    private static Dictionary<string, string> Environment(string token, string? rootKey)
    {
        var environment = new Dictionary<string, string> { ["KEYTURN_ROOT_TOKEN"] = token, ["Logging__LogLevel__Default"] = "Trace" };
        if (rootKey is not null)
        {
            environment["KEYTURN_ROOT_KEY"] = rootKey;
        }

        return environment;
    }

    private static string[] ServerArgs(string dataDirectory, string scriptsDirectory) =>
        ["server", "--data-dir", dataDirectory, "--urls", "http://127.0.0.1:0", "--scripts-dir", scriptsDirectory, "--verify-timeout", "20"];
}
