using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keyturn.Cli.Tests.Acceptance;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// The issue's HTTP and shutdown points against a real `keyturn server` process: 413, 415 and 405 with Allow as
/// ProblemDetails; and SIGTERM in the middle of a rotation whose provider call is slow: the process exits 0 within the
/// shutdown timeout without a stack trace, requests during the stop get 503 with Retry-After (or find the listener
/// closed), and the restarted server finishes the rotation from its journal with no orphan credential.
/// </summary>
public sealed class HttpAndShutdownProcessTests : IDisposable
{
    private static readonly TimeSpan Bound = ServerProcess.Bound;
    private static readonly Regex StackFrame = new(@"^\s+at \S+\(", RegexOptions.Compiled);
    private const string Rotations = EmulatorAzureRotation.Route;

    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-http-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    [Fact]
    public async Task Refusals_FromARealServer_Are413_415_And405WithAllow()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_directory, "scripts")).FullName;
        using var server = await OperationsServer.StartAsync(Path.Combine(_directory, "data"), _token, scripts);

        using var oversize = await server.Api.PostAsync("api/v1/projects",
            new StringContent($"{{\"projectName\":\"{new string('x', 1024 * 1024)}\"}}", Encoding.UTF8, "application/json"));
        using var form = await server.Api.PostAsync("api/v1/projects", new FormUrlEncodedContent([new("projectName", "from-a-form")]));
        using var put = await server.Api.PutAsync("api/v1/projects", JsonContent.Create(new { projectName = "put" }));

        Assert.Contains("1048576 bytes", (await ProblemAsync(oversize, HttpStatusCode.RequestEntityTooLarge))["detail"]!.GetValue<string>());
        Assert.Contains("application/json", (await ProblemAsync(form, HttpStatusCode.UnsupportedMediaType))["detail"]!.GetValue<string>());
        await ProblemAsync(put, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "POST"], put.Content.Headers.Allow.Order(StringComparer.Ordinal));
        var projects = (await server.SendAsync(HttpMethod.Get, "api/v1/projects", null))["projects"]!.AsArray();
        Assert.DoesNotContain(projects, p => p!["name"]!.GetValue<string>() is "from-a-form" or "put" || p["name"]!.GetValue<string>().StartsWith("xxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_DuringASlowProviderCall_ExitsCleanlyAndTheRestartFinishesTheRotation()
    {
        using var emulator = await EmulatorProcess.StartAsync(Path.Combine(_directory, "emulator"));
        var secrets = new HashSet<string>(StringComparer.Ordinal) { _token, emulator.AdminSecret };
        var url = $"http://127.0.0.1:{LoopbackPorts.Unused()}/";

        string projectId, rotationId, objectId, clientId, published, createJob;
        using (var first = await StartServerAsync(emulator, url, secrets))
        using (var api = first.Client(_token))
        {
            var created = await EmulatorAzureRotation.CreateAsync(api, emulator, "stop");
            Assert.Equal("success", created.Rotation["rotationStatus"]!.GetValue<string>());
            (projectId, rotationId, objectId, clientId, createJob) =
                (created.ProjectId, created.RotationId, created.ObjectId, created.ClientId, created.Rotation["lastRotationJobId"]!.GetValue<string>());
            published = await SecretAsync(api, projectId, secrets);
            var addPassword = $"{objectId}/addPassword";
            var before = await emulator.Control.RequestCountAsync("POST", addPassword);
            // Real seconds: the call must still be at the provider when the signal comes, and answer well inside the timeout.
            await emulator.Control.InjectFaultAsync(new { method = "POST", pathContains = addPassword, statusCode = 0, delay = "00:00:03", times = 1 });
            using var rotateClient = first.Client(_token);
            var rotating = rotateClient.PostAsync($"{Rotations}/{rotationId}/rotate-secrets", null);
            await UntilAsync(async () => await emulator.Control.RequestCountAsync("POST", addPassword) == before + 1, "the attempt's addPassword");

            using (Process.Start("kill", ["-TERM", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
            }

            // Requests from here on come after the signal was handled (a request sent before it is simply served).
            await first.WaitForLineAsync(l => l.Contains("Application is shutting down", StringComparison.Ordinal));
            var duringStop = await RequestsUntilExitAsync(url, first);
            using var cut = await rotating;
            var exitCode = await first.WaitForExitAsync();

            Assert.Equal(0, exitCode);
            Assert.DoesNotContain(first.Output, line => StackFrame.IsMatch(line));
            Assert.All(duringStop, answer => Assert.True(answer is null || answer == "503 5", $"a request during the stop got {answer}"));
            await ProblemAsync(cut, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), cut.Headers.RetryAfter?.Delta);
        }

        // The restart listens where the first did: same data, same address.
        using var second = await StartServerAsync(emulator, url, secrets);
        using var again = second.Client(_token);
        JsonNode rotation = null!;
        await UntilAsync(async () =>
        {
            rotation = JsonNode.Parse(await again.GetStringAsync($"{Rotations}/{rotationId}"))!["secretRotation"]!;
            return rotation["lastRotationJobId"]?.GetValue<string>() is { } job && job != createJob;
        }, "recovery to end the job the stop left open");
        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(1, rotation["activeIndex"]!.GetValue<int>());
        var current = await SecretAsync(again, projectId, secrets);
        Assert.NotEqual(published, current);
        Assert.True(await emulator.Control.AuthenticatesAsync(clientId, current));
        Assert.True(await emulator.Control.AuthenticatesAsync(clientId, published), "the previous secret stays valid until the next rotation");
        var keyturnMade = (await emulator.Control.PasswordsAsync(objectId)).Count(p => p!["displayName"]?.GetValue<string>()?.StartsWith("Keyturn", StringComparison.Ordinal) == true);
        Assert.Equal(2, keyturnMade);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A server on the emulator, at a fixed address so the restart is reached where the first one was; its output is checked on dispose.</summary>
    private Task<ServerProcess> StartServerAsync(EmulatorProcess emulator, string url, HashSet<string> secrets) =>
        ServerProcess.StartAsync(Path.Combine(_directory, "server"), EmulatorAzureRotation.ServerEnvironment(emulator, _token), secrets,
            "--urls", url.TrimEnd('/'), "--verify-timeout", "30", "--shutdown-timeout", "20");

    /// <summary>
    /// New requests, each on its own connection, until the process ends: "503 {Retry-After seconds}" for an answer, null
    /// when the listener had closed. Anything else (a 500, a 200 from a server that kept serving) fails the test.
    /// </summary>
    private static async Task<List<string?>> RequestsUntilExitAsync(string url, ServerProcess process)
    {
        var answers = new List<string?>();
        using var bound = new CancellationTokenSource(Bound);
        while (!process.HasExited && !bound.IsCancellationRequested)
        {
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                using var answer = await client.GetAsync("healthz", bound.Token);
                answers.Add($"{(int)answer.StatusCode} {answer.Headers.RetryAfter?.Delta?.TotalSeconds}");
            }
            catch (HttpRequestException)
            {
                answers.Add(null);
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return answers;
    }

    private static async Task<string> SecretAsync(HttpClient api, string projectId, HashSet<string> secrets)
    {
        var text = await api.GetStringAsync($"api/v3/secrets/raw/AZURE_CLIENT_SECRET?workspaceId={projectId}&environment=dev&secretPath=/");
        var value = JsonNode.Parse(text)!["secret"]!["secretValue"]!.GetValue<string>();
        secrets.Add(value);
        return value;
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!await condition())
        {
            Assert.False(bound.IsCancellationRequested, $"timed out waiting for {what}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
