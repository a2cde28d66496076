using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests;

/// <summary><c>keyturn login</c> / <c>logout</c> against a real server, and signals passed through <c>keyturn run</c> in a real process.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class LoginCliTests : AgainstServer
{
    [Fact]
    public async Task Login_StoresA0600TokenThatLaterCommandsUse_AndARevokedTokenGets401()
    {
        var (clientId, secret) = await IdentityAsync();
        var config = Path.Combine(TempDirectory, "config");

        var login = await CliAsync(config, secret, "login", "--method", "universal-auth", "--client-id", clientId, "--client-secret-stdin");

        Assert.True(login.ExitCode == 0, login.Error);
        Assert.DoesNotContain(secret, login.Out + login.Error, StringComparison.Ordinal);
        var file = Path.Combine(config, "keyturn", "token.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        var token = JsonNode.Parse(File.ReadAllText(file))!["accessToken"]!.GetValue<string>();
        // No KEYTURN_TOKEN: the stored identity token is sent; the whole audit trail is for API tokens only (403, not 401).
        var listed = await CliAsync(config, "", "audit", "list");
        Assert.Equal(1, listed.ExitCode);
        Assert.Contains("403", listed.Error, StringComparison.Ordinal);

        using (var api = Client(token))
        {
            (await api.PostAsync("api/v1/auth/token/revoke", null)).EnsureSuccessStatusCode();
        }

        var afterRevoke = await CliAsync(config, "", "audit", "list");
        Assert.Equal(1, afterRevoke.ExitCode);
        Assert.Contains("401", afterRevoke.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredLogin_NearExpiry_IsRenewedKeepingTheSameToken()
    {
        var (config, file) = await LoggedInAsync();
        var stored = JsonNode.Parse(File.ReadAllText(file))!;
        var oldToken = stored["accessToken"]!.GetValue<string>();
        var nearExpiry = DateTimeOffset.UtcNow.AddSeconds(30);
        stored["expiresAt"] = nearExpiry.ToString("O");
        File.WriteAllText(file, stored.ToJsonString());

        Assert.Contains("403", (await CliAsync(config, "", "audit", "list")).Error, StringComparison.Ordinal);

        var renewed = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(oldToken, renewed["accessToken"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(renewed["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > nearExpiry.AddMinutes(30));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task StoredLogin_NearExpiryAndRevoked_LogsInAgainWithTheStoredClientSecret()
    {
        var (config, file) = await LoggedInAsync();
        var stored = JsonNode.Parse(File.ReadAllText(file))!;
        var oldToken = stored["accessToken"]!.GetValue<string>();
        using (var api = Client(oldToken))
        {
            (await api.PostAsync("api/v1/auth/token/revoke", null)).EnsureSuccessStatusCode();
        }

        stored["expiresAt"] = DateTimeOffset.UtcNow.AddSeconds(30).ToString("O");
        File.WriteAllText(file, stored.ToJsonString());

        var listed = await CliAsync(config, "", "audit", "list");

        Assert.Contains("403", listed.Error, StringComparison.Ordinal);
        var relogged = JsonNode.Parse(File.ReadAllText(file))!["accessToken"]!.GetValue<string>();
        Assert.NotEqual(oldToken, relogged);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task StoredLogin_OtherServerAddress_IsNotSent()
    {
        var (config, _) = await LoggedInAsync();

        var result = await CliRun.RunAsync(["project", "list", "--addr", "http://127.0.0.1:1"], new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the stored login is for", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_RevokesTheTokenAndDeletesTheFile()
    {
        var (config, file) = await LoggedInAsync();
        var token = JsonNode.Parse(File.ReadAllText(file))!["accessToken"]!.GetValue<string>();

        var logout = await CliAsync(config, "", "logout");

        Assert.Equal(0, logout.ExitCode);
        Assert.False(File.Exists(file));
        using var api = Client(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task Login_WrongSecret_Fails401AndStoresNothing()
    {
        var (clientId, _) = await IdentityAsync();
        var config = Path.Combine(TempDirectory, "config");

        var login = await CliAsync(config, "wrong-secret", "login", "--client-id", clientId, "--client-secret-stdin");

        Assert.Equal(1, login.ExitCode);
        Assert.Contains("401", login.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", login.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(config, "keyturn", "token.json")));
    }

    /// <summary>keyturn as a real process: SIGTERM sent to it reaches the child, whose exit code keyturn returns.</summary>
    [Fact]
    public async Task Run_RealProcess_ForwardsSigtermAndReturnsTheChildsExitCode()
    {
        using var api = Client(CliRun.Token);
        var project = await (await api.PostAsJsonAsync("api/v1/projects", new { projectName = "signals" })).Content.ReadFromJsonAsync<JsonNode>();
        var projectId = project!["project"]!["id"]!.GetValue<string>();
        var ready = Path.Combine(TempDirectory, "ready");
        var trapped = Path.Combine(TempDirectory, "trapped");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "keyturn.dll"), "run", "--project", projectId, "--env", "dev", "--", "/bin/sh", "-c",
            $"trap 'echo term > \"{trapped}\"; exit 3' TERM; touch '{ready}'; while :; do sleep 0.05; done",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KEYTURN_ADDR"] = Server.Address.AbsoluteUri;
        start.Environment["KEYTURN_TOKEN"] = CliRun.Token;
        using var keyturn = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (!File.Exists(ready))
            {
                if (keyturn.HasExited)
                {
                    Assert.Fail($"keyturn run exited {keyturn.ExitCode} before the child was ready: {await keyturn.StandardError.ReadToEndAsync(timeout.Token)}");
                }

                await Task.Delay(50, timeout.Token);
            }

            using (var kill = Process.Start("kill", ["-TERM", keyturn.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await keyturn.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!keyturn.HasExited)
            {
                keyturn.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(3, keyturn.ExitCode);
        Assert.Equal("term", File.ReadAllText(trapped).Trim());
    }

    [Fact]
    public async Task LoggedInViewer_RunGetsTheSecretsOfItsScope_AndPassesTheExitCodeBack_OtherEnvironmentIs403()
    {
        using var api = Client(CliRun.Token);
        var projectId = (await (await api.PostAsJsonAsync("api/v1/projects", new { projectName = "run-" + Guid.NewGuid().ToString("N")[..8] }))
            .Content.ReadFromJsonAsync<JsonNode>())!["project"]!["id"]!.GetValue<string>();
        foreach (var (environment, value) in new[] { ("dev", "dev-value-" + Guid.NewGuid().ToString("N")[..8]), ("prod", "prod-value-" + Guid.NewGuid().ToString("N")[..8]) })
        {
            (await api.PostAsJsonAsync("api/v3/secrets/raw/DB_PASSWORD", new { workspaceId = projectId, environment, secretPath = "/api", secretValue = value }))
                .EnsureSuccessStatusCode();
        }

        var (identityId, clientId, secret) = await IdentityWithIdAsync();
        (await api.PostAsJsonAsync($"api/v1/projects/{projectId}/memberships",
            new { identityId, role = "viewer", environments = new[] { "dev" }, secretPathPrefixes = new[] { "/api" } })).EnsureSuccessStatusCode();
        var config = Path.Combine(TempDirectory, "config");
        Assert.Equal(0, (await CliAsync(config, secret, "login", "--client-id", clientId, "--client-secret-stdin")).ExitCode);

        // No KEYTURN_TOKEN: the stored identity token reads, and only what its membership covers.
        // The child writes what it got to a file (its stdout is the test process's own, not captured).
        var seen = Path.Combine(TempDirectory, "seen");
        var run = await CliAsync(config, "", "run", "--project", projectId, "--env", "dev", "--path", "/api", "--",
            "/bin/sh", "-c", $"printf %s \"$DB_PASSWORD\" > '{seen}'; exit 7");
        Assert.Equal(7, run.ExitCode);
        Assert.StartsWith("dev-value-", File.ReadAllText(seen), StringComparison.Ordinal);

        File.Delete(seen);
        var prod = await CliAsync(config, "", "run", "--project", projectId, "--env", "prod", "--path", "/api", "--",
            "/bin/sh", "-c", $"printf %s \"$DB_PASSWORD\" > '{seen}'");
        Assert.NotEqual(0, prod.ExitCode);
        Assert.Contains("403", prod.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(seen), "the child must not start when the secrets cannot be read");
        Assert.DoesNotContain("prod-value-", prod.Out + prod.Error, StringComparison.Ordinal);
    }

    /// <summary>A new identity logged in through `keyturn login` into its own config directory; that directory and the token file.</summary>
    private async Task<(string Config, string TokenFile)> LoggedInAsync()
    {
        var (clientId, secret) = await IdentityAsync();
        var config = Path.Combine(TempDirectory, "config");
        Assert.Equal(0, (await CliAsync(config, secret, "login", "--client-id", clientId, "--client-secret-stdin")).ExitCode);
        return (config, Path.Combine(config, "keyturn", "token.json"));
    }

    private Task<CliResult> CliAsync(string config, string stdin, params string[] args) =>
        CliRun.RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["XDG_CONFIG_HOME"] = config }, stdin);

    private HttpClient Client(string token)
    {
        var http = new HttpClient { BaseAddress = Server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<(string ClientId, string Secret)> IdentityAsync()
    {
        var (_, clientId, secret) = await IdentityWithIdAsync();
        return (clientId, secret);
    }

    private async Task<(string Id, string ClientId, string Secret)> IdentityWithIdAsync()
    {
        using var api = Client(CliRun.Token);
        var identity = await (await api.PostAsJsonAsync("api/v1/identities", new { name = "cli-" + Guid.NewGuid().ToString("N")[..8] })).Content.ReadFromJsonAsync<JsonNode>();
        var id = identity!["identity"]!["id"]!.GetValue<string>();
        var created = await (await api.PostAsJsonAsync($"api/v1/identities/{id}/universal-auth/client-secrets", new { })).Content.ReadFromJsonAsync<JsonNode>();
        return (id, created!["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }
}
