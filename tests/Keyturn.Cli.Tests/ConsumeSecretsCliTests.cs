using System.Text.Json;
using YamlDotNet.Serialization;

namespace Keyturn.Cli.Tests;

/// <summary><c>keyturn run</c>, <c>keyturn export</c> and <c>secret get --plain</c> against a real server, with real child processes.</summary>
public sealed class ConsumeSecretsCliTests : AgainstServer
{
    // Quotes, backslashes, a line break, leading spaces, YAML's booleans and numbers, a shell expansion and non-ASCII.
    private static readonly Dictionary<string, string> Values = new()
    {
        ["API_KEY"] = "k3y-\"quoted\" 'single' back\\slash",
        ["CERT"] = "line one\nline two\ttabbed",
        ["FLAG"] = "yes",
        ["PADDED"] = "  spaced  ",
        ["SHELLY"] = "$HOME and ${PATH} and `id`",
        ["ZIP"] = "0123",
        ["UNICODE"] = "päss—wörd ✓",
    };

    [Fact]
    public async Task Run_ChildSeesSecretsAndItsExitCodeComesBack()
    {
        var projectId = await ProjectWithSecretsAsync();
        var outFile = Path.Combine(TempDirectory, "child-saw");

        var result = await RunAnyAsync("run", "--project", projectId, "--env", "dev", "--", "/bin/sh", "-c",
            $"printf '%s' \"$API_KEY\" > '{outFile}'; printf '%s' \"${{KEYTURN_TOKEN:-unset}}\" > '{outFile}.token'; exit 7");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(Values["API_KEY"], File.ReadAllText(outFile));
        Assert.Equal("unset", File.ReadAllText(outFile + ".token"));
        Assert.All(Values.Values, v => Assert.DoesNotContain(v, result.Out + result.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_SecretNamedLikeAnInheritedVariable_SecretWinsAndSaysSo()
    {
        var projectId = await ProjectAsync();
        var name = "KT_CONFLICT_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, "inherited");
        try
        {
            await RunAsync("from-keyturn", "secret", "set", name, "--value-stdin", "--project-id", projectId, "--env", "dev");
            var outFile = Path.Combine(TempDirectory, "conflict");

            var result = await RunAnyAsync("run", "--project", projectId, "--env", "dev", "--", "/bin/sh", "-c", $"printf '%s' \"${name}\" > '{outFile}'");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("from-keyturn", File.ReadAllText(outFile));
            Assert.Contains($"secret {name} replaces the environment variable", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("from-keyturn", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task Run_CommandThatCannotStart_IsAUsageErrorNamingIt()
    {
        var projectId = await ProjectAsync();

        var result = await RunAnyAsync("run", "--project", projectId, "--env", "dev", "--", "/nonexistent/keyturn-test-program");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("could not start '/nonexistent/keyturn-test-program'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Json_RoundTrips()
    {
        var projectId = await ProjectWithSecretsAsync();

        var json = (await RunOkAsync("export", "--project", projectId, "--env", "dev", "--format", "json")).Out;

        Assert.Equal(Values.OrderBy(v => v.Key), JsonSerializer.Deserialize<Dictionary<string, string>>(json)!.OrderBy(v => v.Key));
    }

    [Fact]
    public async Task Export_Yaml_RoundTripsThroughAYamlParser()
    {
        var projectId = await ProjectWithSecretsAsync();

        var yaml = (await RunOkAsync("export", "--project", projectId, "--env", "dev", "--format", "yaml")).Out;

        var parsed = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>(yaml);
        Assert.Equal(Values.OrderBy(v => v.Key), parsed.OrderBy(v => v.Key));
    }

    [Fact]
    public async Task Export_Dotenv_RoundTripsThroughTheDocumentedGrammar()
    {
        var projectId = await ProjectWithSecretsAsync();

        var dotenv = (await RunOkAsync("export", "--project", projectId, "--env", "dev", "--format", "dotenv")).Out;

        Assert.Equal(Values.Count, dotenv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(Values.OrderBy(v => v.Key), DotenvReader.Parse(dotenv).OrderBy(v => v.Key));
        Assert.Contains("FLAG='yes'\n", dotenv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretGet_Plain_PrintsOnlyTheValueEvenWithJsonOutput()
    {
        var projectId = await ProjectWithSecretsAsync();

        var result = await RunOkAsync("secret", "get", "CERT", "--plain", "-o", "json", "--project-id", projectId, "--env", "dev");

        Assert.Equal(Values["CERT"] + Environment.NewLine, result.Out);
    }

    private async Task<string> ProjectAsync() =>
        Json(await RunOkAsync("project", "create", "--name", "consume-" + Guid.NewGuid().ToString("N")[..8], "-o", "json"))["project"]!["id"]!.GetValue<string>();

    private async Task<string> ProjectWithSecretsAsync()
    {
        var projectId = await ProjectAsync();
        foreach (var (key, value) in Values)
        {
            await RunAsync(value, "secret", "set", key, "--value-stdin", "--project-id", projectId, "--env", "dev");
        }

        return projectId;
    }

    private Task<CliResult> RunAnyAsync(params string[] args) =>
        CliRun.RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token });
}
