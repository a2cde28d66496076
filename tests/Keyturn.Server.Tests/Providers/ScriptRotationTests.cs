using System.Net;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.Providers;

/// <summary>The `script` type through the API with real child processes: bash scripts in the server's scripts directory.</summary>
public sealed class ScriptRotationTests
{
    private const string Path = "/api/v2/secret-rotations/script";
    private static readonly object Mapping = new { username = "OKTA_USER", password = "OKTA_PASSWORD", passwordFile = "OKTA_PASSWORD_FILE" };

    [Fact]
    public async Task CreateRotateTwiceDelete_KeeperStyleScript_MappedPasswordWorksAfterEachStep()
    {
        await using var server = await TestServer.StartAsync();
        var (target, projectId, connectionId) = await SetUpAsync(server);

        var created = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId, target.Parameters(), Mapping))).ShouldBe(HttpStatusCode.OK);
        var id = created.Body["secretRotation"]!["id"]!.GetValue<string>();
        var first = await MappedPasswordAsync(server, projectId, target);
        Assert.Equal("svc-okta", await Scenario.SecretValueAsync(server, projectId, "OKTA_USER"));
        Assert.Equal(target.PasswordFile, await Scenario.SecretValueAsync(server, projectId, "OKTA_PASSWORD_FILE"));

        var seen = new HashSet<string> { first };
        for (var i = 0; i < 2; i++)
        {
            var rotated = (await server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
            Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
            Assert.True(seen.Add(await MappedPasswordAsync(server, projectId, target)), "each rotation must set a new password");
        }

        Assert.Equal(3, target.Changes);
        var last = await MappedPasswordAsync(server, projectId, target);
        (await server.Api.DeleteAsync($"{Path}/{id}?deleteSecrets=false")).ShouldBe(HttpStatusCode.OK);

        // Deleting runs no script: the kept secret, now an ordinary one, is still the target's password.
        Assert.Equal(3, target.Changes);
        Assert.Equal(last, await MappedPasswordAsync(server, projectId, target));
        (await server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rotate_ScriptFails_MappedSecretsUnchangedAndStderrScrubbed()
    {
        await using var server = await TestServer.StartAsync();
        var (target, projectId, connectionId) = await SetUpAsync(server);
        var id = await CreateAsync(server, projectId, connectionId, target.Parameters());
        var before = await MappedPasswordAsync(server, projectId, target);

        // The operator's script now fails after echoing its input, as a careless script might.
        target.WriteScript(ScriptTarget.RotateScript, """
            IFS= read -r line
            new_password="$(printf '%s' "$line" | base64 -d | sed -n 's/.*"newPassword":"\([^"]*\)".*/\1/p')"
            echo "cannot reach the API; tried with $new_password and $line" >&2
            exit 3
            """);
        var failed = (await server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
        var message = failed["lastRotationMessage"]!.GetValue<string>();
        Assert.Contains("exited with code 3", message);
        Assert.Contains("cannot reach the API; tried with [redacted] and [redacted]", message);
        Assert.Equal(before, await Scenario.SecretValueAsync(server, projectId, "OKTA_PASSWORD"));
        Assert.True(target.Accepts(before));
    }

    [Fact]
    public async Task Rotate_ScriptHangs_WholeProcessGroupKilledAndSecretsUnchanged()
    {
        await using var server = await TestServer.StartAsync();
        var (target, projectId, connectionId) = await SetUpAsync(server);
        var id = await CreateAsync(server, projectId, connectionId, target.Parameters(timeoutSeconds: 1));
        var before = await MappedPasswordAsync(server, projectId, target);
        var pids = System.IO.Path.Combine(target.TargetDirectory, "pids");
        target.WriteScript(ScriptTarget.RotateScript, $$"""
            sleep 300 &
            echo $! > '{{pids}}'
            echo $$ >> '{{pids}}'
            sleep 300
            """);

        var failed = (await server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
        Assert.Contains("did not finish within its timeout", failed["lastRotationMessage"]!.GetValue<string>());
        Assert.Equal(before, await Scenario.SecretValueAsync(server, projectId, "OKTA_PASSWORD"));
        var started = File.ReadAllLines(pids).Select(int.Parse).ToList();
        Assert.Equal(2, started.Count);
        await Wait.UntilAsync(() => started.All(Gone), "the script and the child it started must both be killed");
    }

    [Theory]
    [InlineData("../outside.sh")]
    [InlineData("/etc/passwd")]
    [InlineData("linked.sh")]
    public async Task Create_ScriptOutsideTheDirectory_Is400AndRunsNothing(string script)
    {
        await using var server = await TestServer.StartAsync();
        var (target, projectId, connectionId) = await SetUpAsync(server);
        var outside = System.IO.Path.Combine(server.Directory, "outside.sh");
        var ran = System.IO.Path.Combine(server.Directory, "ran");
        File.WriteAllText(outside, $"touch '{ran}'\n");
        File.CreateSymbolicLink(System.IO.Path.Combine(target.ScriptsDirectory, "linked.sh"), outside);
        File.Copy(outside, System.IO.Path.Combine(server.DataDirectory, "outside.sh"));

        var response = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId,
            new { script, interpreter = new[] { "bash" }, user = "svc" }, new { password = "P" }))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("parameters.script"));
        Assert.False(File.Exists(ran));
        Assert.Empty(await LocalRotationScenario.RotationsAsync(server, projectId));
        (await Scenario.GetSecretAsync(server, projectId, "P")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rotate_ScriptSwappedForALinkOutside_RefusedAtRunTime()
    {
        await using var server = await TestServer.StartAsync();
        var (target, projectId, connectionId) = await SetUpAsync(server);
        var id = await CreateAsync(server, projectId, connectionId, target.Parameters());
        var before = await MappedPasswordAsync(server, projectId, target);
        var outside = System.IO.Path.Combine(server.Directory, "outside.sh");
        File.WriteAllText(outside, "exit 0\n");
        File.Delete(System.IO.Path.Combine(target.ScriptsDirectory, ScriptTarget.RotateScript));
        File.CreateSymbolicLink(System.IO.Path.Combine(target.ScriptsDirectory, ScriptTarget.RotateScript), outside);

        var failed = (await server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
        Assert.Contains("outside the server's scripts directory", failed["lastRotationMessage"]!.GetValue<string>());
        Assert.Equal(before, await Scenario.SecretValueAsync(server, projectId, "OKTA_PASSWORD"));
    }

    [Fact]
    public async Task Create_InterpreterWithCode_Is400()
    {
        await using var server = await TestServer.StartAsync();
        var (_, projectId, connectionId) = await SetUpAsync(server);

        var response = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId,
            new { script = ScriptTarget.RotateScript, interpreter = new[] { "bash", "-c", "id" } }, new { password = "P" }))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("parameters.interpreter"));
    }

    [Fact]
    public async Task CreateAndRotate_NoopMode_ScriptMakesThePasswordItself()
    {
        await using var server = await TestServer.StartAsync();
        var (target, projectId, connectionId) = await SetUpAsync(server);
        target.WriteScript("noop.sh", $$"""
            IFS= read -r line
            printf '%s' "$line" | base64 -d | grep -q '"newPassword"' && { echo "NOOP mode must not send newPassword" >&2; exit 9; }
            password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
            printf '%s' "$password" > '{{target.PasswordFile}}'
            printf '{"password": "%s"}\n' "$password"
            """);
        var parameters = new { script = "noop.sh", interpreter = new[] { "bash" }, generatePassword = false, outputs = new[] { "password" } };

        var id = await CreateAsync(server, projectId, connectionId, parameters, new { password = "NOOP_PASSWORD" });
        var first = await Scenario.SecretValueAsync(server, projectId, "NOOP_PASSWORD");
        Assert.True(target.Accepts(first));
        (await server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);
        var second = await Scenario.SecretValueAsync(server, projectId, "NOOP_PASSWORD");

        Assert.NotEqual(first, second);
        Assert.True(target.Accepts(second));
    }

    [Fact]
    public async Task Recovery_NoopModeStoppedAfterTheRun_RunsTheScriptAgainAndMapsWhatThatRunMade()
    {
        await using var server = await TestServer.StartAsync();
        var (target, projectId, connectionId) = await SetUpAsync(server);
        target.WriteScript("noop.sh", $$"""
            password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
            printf '%s' "$password" > '{{target.PasswordFile}}'
            echo run >> '{{target.TargetDirectory}}/noop-runs'
            printf '{"password": "%s"}\n' "$password"
            """);
        var id = await CreateAsync(server, projectId, connectionId,
            new { script = "noop.sh", interpreter = new[] { "bash" }, generatePassword = false, outputs = new[] { "password" } }, new { password = "NOOP_PASSWORD" });
        await server.StopServerAsync();
        await server.StartServerAsync(Core.Rotation.Failpoints.Parse("set:after:hang"));
        var rotate = server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null);
        await Wait.UntilAsync(() => File.ReadAllLines(System.IO.Path.Combine(target.TargetDirectory, "noop-runs")).Length == 2, "the held run");
        var lost = target.Password;

        await server.RestartAsync();
        await Record.ExceptionAsync(() => rotate);
        await Wait.UntilAsync(async () => File.ReadAllLines(System.IO.Path.Combine(target.TargetDirectory, "noop-runs")).Length == 3
            && (await server.Api.GetAsync($"{Path}/{id}")).Body["secretRotation"]!["rotationStatus"]!.GetValue<string>() == "success", "recovery's run");

        // The held run's password was never seen by Keyturn: the re-run replaced it, and that one is mapped.
        var mapped = await Scenario.SecretValueAsync(server, projectId, "NOOP_PASSWORD");
        Assert.NotEqual(lost, mapped);
        Assert.True(target.Accepts(mapped));
    }

    private static async Task<(ScriptTarget Target, string ProjectId, string ConnectionId)> SetUpAsync(TestServer server)
    {
        // The default scripts directory: DATA_DIR/scripts.
        var target = ScriptTarget.Create(System.IO.Path.Combine(server.DataDirectory, "scripts"), System.IO.Path.Combine(server.Directory, "target"));
        var (projectId, connectionId) = await LocalRotationScenario.CreateAsync(server);
        await Scenario.CreateSecretAsync(server, projectId, ScriptTarget.AdminTokenSecret, target.AdminToken);
        return (target, projectId, connectionId);
    }

    private static async Task<string> CreateAsync(TestServer server, string projectId, string connectionId, object parameters, object? mapping = null) =>
        (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId, parameters, mapping ?? Mapping))).ShouldBe(HttpStatusCode.OK)
            .Body["secretRotation"]!["id"]!.GetValue<string>();

    private static async Task<string> MappedPasswordAsync(TestServer server, string projectId, ScriptTarget target)
    {
        var password = await Scenario.SecretValueAsync(server, projectId, "OKTA_PASSWORD");
        Assert.True(target.Accepts(password), "the mapped password must be the one the target holds");
        return password;
    }

    // A killed process is gone, or a zombie until its parent (or init) reaps it: either way it runs no more.
    private static bool Gone(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        return !File.Exists(stat) || File.ReadAllText(stat).Split(") ").Last().StartsWith('Z');
    }
}
