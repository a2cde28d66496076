using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Cli.Tests.Acceptance;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// A <see cref="ServerProcess"/> on a data directory with a `script` folder, and an API client that asserts success
/// and adds every secret value it sends or reads to the values the process's output is checked for on dispose.
/// </summary>
public sealed class OperationsServer : IDisposable
{
    public static readonly TimeSpan Bound = ServerProcess.Bound;

    private readonly ServerProcess _server;

    private OperationsServer(ServerProcess server, string token) => (_server, Api) = (server, server.Client(token));

    public HttpClient Api { get; }

    /// <summary>Starts the server and waits until it listens; fails with its output if it exits instead.</summary>
    public static async Task<OperationsServer> StartAsync(string dataDirectory, string token, string scriptsDirectory, string? rootKey = null) =>
        new(await ServerProcess.StartAsync(dataDirectory, Environment(token, rootKey), KnownSecrets(token, rootKey), Flags(scriptsDirectory)), token);

    /// <summary>Starts a server that is expected to refuse: returns its exit code and every line it printed.</summary>
    public static Task<(int ExitCode, IReadOnlyList<string> Lines)> StartRefusedAsync(string dataDirectory, string token, string scriptsDirectory, string? rootKey = null) =>
        ServerProcess.StartRefusedAsync(dataDirectory, Environment(token, rootKey), KnownSecrets(token, rootKey), Flags(scriptsDirectory));

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
            _server.Secrets.Add(sent.GetValue<string>());
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
        _server.Secrets.UnionWith(list["secrets"]!.AsArray().Select(s => s!["secretValue"]!.GetValue<string>()));
        return new SortedDictionary<string, string>(list["secrets"]!.AsArray().ToDictionary(
            s => s!["secretKey"]!.GetValue<string>(), s => s!["secretValue"]!.GetValue<string>()), StringComparer.Ordinal);
    }

    public async Task<string> ReadVersionAsync(string projectId, string key, int version)
    {
        var value = (await SendAsync(HttpMethod.Get, $"api/v3/secrets/raw/{key}?workspaceId={projectId}&environment=dev&secretPath=/&version={version}", null))
            ["secret"]!["secretValue"]!.GetValue<string>();
        _server.Secrets.Add(value);
        return value;
    }

    public void Dispose()
    {
        Api.Dispose();
        _server.Dispose();
    }

    private static HashSet<string> KnownSecrets(string token, string? rootKey) =>
        rootKey is null ? new(StringComparer.Ordinal) { token } : new(StringComparer.Ordinal) { token, rootKey };

    private static Dictionary<string, string> Environment(string token, string? rootKey)
    {
        var environment = ServerProcess.TraceEnvironment(token);
        if (rootKey is not null)
        {
            environment["KEYTURN_ROOT_KEY"] = rootKey;
        }

        return environment;
    }

    private static string[] Flags(string scriptsDirectory) =>
        ["--urls", "http://127.0.0.1:0", "--scripts-dir", scriptsDirectory, "--verify-timeout", "20"];
}
