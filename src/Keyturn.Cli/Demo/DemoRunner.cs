using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Providers.Azure;
using Keyturn.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Keyturn.Cli.Demo;

/// <summary>
/// Starts the emulator and a server on a temporary directory, creates a project, an Azure connection and an
/// azure-client-secret rotation, rotates twice, and after each step shows and proves: the active index, the
/// credentials at the app and which ones Entra accepts, and that the mapped secret authenticates.
/// </summary>
internal sealed class DemoRunner(TextWriter output)
{
    private const string SecretKey = "AZURE_CLIENT_SECRET";
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        // Colours only for a person at a terminal; piped output stays plain text.
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    });
    private readonly List<string> _failures = [];

    public async Task<int> RunAsync(TimeSpan propagationDelay, bool keep, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-demo-");
        try
        {
            await using var emulator = await AzureEmulatorHost.StartAsync(
                new AzureEmulatorOptions { StateDirectory = Path.Combine(directory.FullName, "emulator"), PropagationDelay = propagationDelay }, ct);
            await using var server = await KeyturnServerHost.StartAsync(new KeyturnServerOptions
            {
                DataDirectory = Path.Combine(directory.FullName, "server"),
                Urls = ["http://127.0.0.1:0"],
                LogLevel = LogLevel.Warning,
                ExtraTrustedRoots = [emulator.CaCertificate],
                Rotation = new RotationOptions { VerifyTimeout = TimeSpan.FromSeconds(30), VerifyInitialDelay = TimeSpan.FromMilliseconds(250), VerifyMaxDelay = TimeSpan.FromSeconds(1) },
            }, ct);
            _console.MarkupLine($"[bold]Keyturn demo[/]: server {server.Address}, Azure emulator {emulator.BaseUri} (new secrets take {propagationDelay.TotalSeconds:0.#} s to propagate)");
            using var api = new DemoApi(server.Address, server.RootToken);
            var proof = new DemoProof(emulator, server.Services.GetRequiredService<AzureCredentials>());

            var projectId = (await api.PostAsync("/api/v1/projects", new { projectName = "Keyturn demo" }, ct))["project"]!["id"]!.GetValue<string>();
            var connectionId = (await api.PostAsync("/api/v1/app-connections/azure", new
            {
                name = "demo-azure",
                method = "client-secret",
                credentials = new { tenantId = emulator.TenantId, clientId = emulator.AdminApp.ClientId, clientSecret = emulator.AdminApp.InitialSecret },
                endpoints = new { authorityHost = emulator.AuthorityHost.AbsoluteUri, graph = emulator.GraphEndpoint.AbsoluteUri },
            }, ct))["appConnection"]!["id"]!.GetValue<string>();
            _console.MarkupLine($"Project {projectId}; Azure connection {connectionId} (proven by a token request).");

            var rotation = (await api.PostAsync("/api/v2/secret-rotations/azure-client-secret", new
            {
                name = "my-azure-rotation",
                projectId,
                description = "my client secret rotation",
                connectionId,
                environment = "dev",
                secretPath = "/",
                isAutoRotationEnabled = true,
                rotationInterval = 30,
                rotateAtUtc = new { hours = 0, minutes = 0 },
                parameters = new { objectId = emulator.TargetApp.ObjectId, clientId = emulator.TargetApp.ClientId, appName = emulator.TargetApp.DisplayName },
                secretsMapping = new { clientId = "AZURE_CLIENT_ID", clientSecret = SecretKey },
            }, ct))["secretRotation"]!;
            var rotationId = rotation["id"]!.GetValue<string>();
            string? previous = await ShowAsync("1. created", api, proof, projectId, rotation, null, ct);

            for (var round = 1; round <= 2; round++)
            {
                rotation = (await api.PostAsync($"/api/v2/secret-rotations/azure-client-secret/{rotationId}/rotate-secrets", new { }, ct))["secretRotation"]!;
                previous = await ShowAsync($"{round + 1}. rotated ({Ordinal(round)} time)", api, proof, projectId, rotation, previous, ct);
            }

            if (keep)
            {
                _console.MarkupLine($"Data kept in {directory.FullName}");
            }

            if (_failures.Count > 0)
            {
                _failures.ForEach(f => _console.MarkupLineInterpolated($"[red]FAILED[/] {f}"));
                return 1;
            }

            _console.MarkupLine("[green]Every mapped secret authenticated as soon as it was published, and the previous one kept working: zero downtime.[/]");
            return 0;
        }
        finally
        {
            if (!keep)
            {
                directory.Delete(recursive: true);
            }
        }
    }

    /// <summary>Prints the state after a step and checks it; returns the mapped secret now published.</summary>
    private async Task<string?> ShowAsync(string step, DemoApi api, DemoProof proof, string projectId, JsonNode rotation, string? previousSecret, CancellationToken ct)
    {
        var status = rotation["rotationStatus"]!.GetValue<string>();
        var secret = (await api.GetAsync($"/api/v3/secrets/raw/{SecretKey}?workspaceId={projectId}&environment=dev&secretPath=/", ct))["secret"]!;
        var value = secret["secretValue"]!.GetValue<string>();
        var version = secret["version"]!.GetValue<int>();
        var mappedWorks = await proof.AuthenticatesAsync(value, ct);
        var previousWorks = previousSecret is null ? (bool?)null : await proof.AuthenticatesAsync(previousSecret, ct);

        _console.WriteLine();
        _console.MarkupLine($"[bold]{Markup.Escape(step)}[/]: status {Markup.Escape(status)}, activeIndex {rotation["activeIndex"]}, {SecretKey} version {version}, authenticates: {YesNo(mappedWorks)}"
            + (previousWorks is null ? "" : $", previous secret still authenticates: {YesNo(previousWorks.Value)}"));
        var credentials = await api.GetAsync($"/api/v2/secret-rotations/azure-client-secret/{rotation["id"]}/generated-credentials", ct);
        _console.Write(await proof.CredentialTableAsync(credentials, ct));

        if (status != "success") _failures.Add($"{step}: rotation status {status}: {rotation["lastRotationMessage"]}");
        if (!mappedWorks) _failures.Add($"{step}: the mapped secret does not authenticate");
        if (previousWorks == false) _failures.Add($"{step}: the previously mapped secret stopped working");
        return value;
    }

    private static string YesNo(bool value) => value ? "[green]yes[/]" : "[red]no[/]";

    private static string Ordinal(int n) => n == 1 ? "first" : "second";
}
