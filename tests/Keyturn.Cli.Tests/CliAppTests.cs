using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task RunAsync_NoToken_ExitsTwoAndSendsNothing()
    {
        await using var server = await FakeServer.StartAsync();

        var result = await CliRun.RunAsync(["project", "list"], new Dictionary<string, string> { ["KEYTURN_ADDR"] = server.Address });

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: no API token: set KEYTURN_TOKEN or pass --token (or run 'keyturn login')", result.Error.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RunAsync_TokenFlag_WinsOverEnvironment()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v1/projects", 200, """{"projects":[]}""");

        await CliRun.AgainstAsync(server.Address, "project", "list", "--token", "from-flag");

        Assert.Equal("Bearer from-flag", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task RunAsync_ClosedPort_ExitsOneWithCannotReach()
    {
        var address = $"http://127.0.0.1:{LoopbackPorts.Unused()}";

        var result = await CliRun.AgainstAsync(address, "project", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: cannot reach {address}: ", result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain(CliRun.Token, result.Error);
    }

    [Fact]
    public async Task RunAsync_AddrFlag_WinsOverEnvironment()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v1/projects", 200, """{"projects":[]}""");

        var result = await CliRun.AgainstAsync($"http://127.0.0.1:{LoopbackPorts.Unused()}", "project", "list", "--addr", server.Address);

        Assert.Equal(0, result.ExitCode);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    public async Task RunAsync_BadAddr_IsUsageError(string address)
    {
        var result = await CliRun.AgainstAsync(address, "project", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --addr: '{address}' is not an http:// or https:// URL", result.Error.TrimEnd());
    }

    [Fact]
    public async Task RunAsync_HttpsAddressWithoutTrustedCertificate_FailsRatherThanBypassing()
    {
        // A plain-HTTP listener spoken to over https: the handshake must fail, never be skipped.
        await using var server = await FakeServer.StartAsync();

        var result = await CliRun.AgainstAsync(server.Address.Replace("http://", "https://"), "project", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: cannot reach https://127.0.0.1:", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RunAsync_AddressWithPathPrefix_KeepsPrefix()
    {
        await using var server = await FakeServer.StartAsync();

        await CliRun.AgainstAsync(server.Address + "/keyturn", "project", "list");

        Assert.Equal("/keyturn/api/v1/projects", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task RunAsync_ProblemDetails_OneLineWithFieldErrors()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", "/api/v1/projects", 400, """
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,
             "errors":{"projectName":["must not be empty"],"slug":["must be lowercase","too long"]}}
            """);

        var result = await CliRun.AgainstAsync(server.Address, "project", "create", "--name", " ");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: 400 One or more validation errors occurred.: projectName: must not be empty; slug: must be lowercase; slug: too long" + Environment.NewLine,
            result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_ExitsTwoWithOneLine()
    {
        var result = await CliRun.AgainstAsync("http://127.0.0.1:1", "project", "list", "--bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: Unrecognized command or argument '--bogus'", result.Error);
        Assert.EndsWith("(see 'keyturn project list --help')" + Environment.NewLine, result.Error);
    }

    [Fact]
    public async Task RunAsync_TokenPastedAsArgument_RedactedFromParseError()
    {
        var result = await CliRun.AgainstAsync("http://127.0.0.1:1", "project", "list", CliRun.Token);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(CliRun.Token, result.Error);
        Assert.Contains("<redacted>", result.Error);
    }

    [Fact]
    public async Task RunAsync_TokenFlagWithParseError_RedactedFromParseError()
    {
        var result = await CliRun.RunAsync(["project", "list", "--token", "flag-secret-9", "--bogus", "flag-secret-9"], new Dictionary<string, string>());

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("flag-secret-9", result.Error);
    }

    [Fact]
    public async Task RunAsync_BadOutputFormat_ExitsTwoWithOneLine()
    {
        var result = await CliRun.AgainstAsync("http://127.0.0.1:1", "project", "list", "--output", "yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("'yaml'", result.Error);
    }

    [Fact]
    public async Task RunAsync_GroupWithoutSubcommand_IsUsageError()
    {
        var result = await CliRun.AgainstAsync("http://127.0.0.1:1", "rotation");

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("(see 'keyturn rotation --help')" + Environment.NewLine, result.Error);
    }

    [Fact]
    public async Task RunAsync_Help_ExitsZeroAndListsGroups()
    {
        var result = await CliRun.AgainstAsync("http://127.0.0.1:1", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var group in new[] { "project", "connection", "rotation", "secret" })
        {
            Assert.Contains(group, result.Out);
        }
    }

    [Fact]
    public async Task RunAsync_JsonOutput_PrintsServerBodyPretty()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v1/projects", 200, """{"projects":[{"id":"p1","name":"Payments","slug":"pay","environments":[]}],"extra":{"kept":true}}""");

        var result = await CliRun.AgainstAsync(server.Address, "--output", "json", "project", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\n  \"extra\": {\n    \"kept\": true\n  }", result.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RunAsync_HtmlAnswer_ExitsOneWithOneLine()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v1/projects", 200, "<html>login</html>");

        var result = await CliRun.AgainstAsync(server.Address, "project", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: the server's answer is not the expected JSON", result.Error);
    }

    [Fact]
    public void BuildRootCommand_HostCommands_AddedBesideApiCommands()
    {
        var root = CliApp.BuildRootCommand([new System.CommandLine.Command("server", "Run the server")]);

        Assert.Equal(["project", "connection", "rotation", "secret", "webhook", "membership", "identity", "login", "logout", "run", "export", "audit", "token", "status", "backup", "restore", "root-key", "completion", "server"], root.Subcommands.Select(c => c.Name));
    }
}
