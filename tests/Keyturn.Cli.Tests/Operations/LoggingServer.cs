using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// A <see cref="ServerProcess"/> started with the given log flags and variables only (no Logging__ override, so
/// --log-level is what decides), with a `script` rotation to run and requests sent with an X-Request-Id; the process's
/// output is checked on dispose for every secret seen (root token, the target's admin token, every rotated password).
/// </summary>
public sealed class LoggingServer : IDisposable
{
    private readonly ServerProcess _server;

    private LoggingServer(ServerProcess server, string token) => (_server, Api) = (server, server.Client(token));

    public HttpClient Api { get; }

    /// <summary>The server's stdout lines so far: its log and nothing else.</summary>
    public IReadOnlyCollection<string> Log => _server.StandardOutput;

    public static async Task<LoggingServer> StartAsync(string dataDirectory, string token, ScriptTarget script, IReadOnlyDictionary<string, string> environment, params string[] flags) =>
        new(await ServerProcess.StartAsync(
            dataDirectory,
            new Dictionary<string, string>(environment) { ["KEYTURN_ROOT_TOKEN"] = token },
            new HashSet<string>(StringComparer.Ordinal) { token, script.AdminToken },
            ["--urls", "http://127.0.0.1:0", "--scripts-dir", script.ScriptsDirectory, "--verify-timeout", "20", .. flags]), token);

    /// <summary>Makes a project, a local connection and a `script` rotation (its create runs the first attempt) under <paramref name="requestId"/>; the rotation's id.</summary>
    public async Task<string> CreateRotationAsync(ScriptTarget script, string requestId)
    {
        var projectId = (await SendAsync(HttpMethod.Post, "api/v1/projects", new { projectName = "logging" }, null))["project"]!["id"]!.GetValue<string>();
        await SendAsync(HttpMethod.Post, $"api/v3/secrets/raw/{ScriptTarget.AdminTokenSecret}", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = script.AdminToken }, null);
        var connectionId = (await SendAsync(HttpMethod.Post, "api/v1/app-connections/local", new { name = "local" }, null))["appConnection"]!["id"]!.GetValue<string>();
        var rotationId = (await SendAsync(HttpMethod.Post, "api/v2/secret-rotations/script", new
        {
            name = "okta", projectId, connectionId, environment = "dev", secretPath = "/", isAutoRotationEnabled = false,
            parameters = script.Parameters(), secretsMapping = new { password = "OKTA_PASSWORD" },
        }, requestId))["secretRotation"]!["id"]!.GetValue<string>();
        _server.Secrets.Add(script.Password ?? throw new InvalidOperationException("the rotation's create did not set the target's password"));
        return rotationId;
    }

    /// <summary>Rotates now under <paramref name="requestId"/>; the X-Request-Id answered.</summary>
    public async Task<string> RotateAsync(ScriptTarget script, string rotationId, string requestId)
    {
        var (_, answered) = await SendWithIdAsync(HttpMethod.Post, $"api/v2/secret-rotations/script/{rotationId}/rotate-secrets", null, requestId);
        _server.Secrets.Add(script.Password!);
        return answered;
    }

    /// <summary>Sends a request (with X-Request-Id when given), asserts success; the answer and its X-Request-Id.</summary>
    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, string? requestId) =>
        (await SendWithIdAsync(method, path, body, requestId)).Body;

    public async Task<(JsonNode Body, string RequestId)> SendWithIdAsync(HttpMethod method, string path, object? body, string? requestId)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-Id", requestId);
        }

        using var response = await Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text)!, response.Headers.GetValues("X-Request-Id").Single());
    }

    /// <summary>Waits (bounded) until a log line matches: the console logger writes from its own queue.</summary>
    public Task<string> WaitForLogAsync(Func<string, bool> match) => _server.WaitForLineAsync(match);

    public void Dispose()
    {
        Api.Dispose();
        _server.Dispose();
    }
}
