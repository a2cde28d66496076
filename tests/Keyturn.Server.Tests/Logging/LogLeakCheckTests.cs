using System.Net;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keyturn.Server.Tests.Logging;

/// <summary>
/// The suite-wide log check can fail: a secret logged on purpose through a test server's own logger is found, by
/// category and part, and named only by a hash; the provider's disposal (what a stopping host runs) throws for it.
/// </summary>
public sealed class LogLeakCheckTests
{
    private const string LeakCategory = "Keyturn.Tests.DeliberateLeak";

    [Fact]
    public async Task Find_SecretLoggedThroughAServersLogger_NamesCategoryAndPartsNeverTheValue()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var value = "leak-me-" + Guid.NewGuid().ToString("N");
        await Scenario.CreateSecretAsync(server, projectId, "LEAKED", value);
        var capture = server.Host.Services.LogCapture();
        Assert.Contains(value, capture.Recorder.Values);
        Assert.Empty(LogLeakCheck.Find(capture.Lines, capture.Recorder.Values));

        var logger = server.Host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LeakCategory);
        logger.LogDebug("The value is {Value}", value);
        using (logger.BeginScope(new Dictionary<string, object> { ["Value"] = value }))
        {
            logger.LogTrace("Inside a scope that holds it");
        }

        logger.LogError(new InvalidOperationException($"failed with {value}"), "Failed");

        var leaks = LogLeakCheck.Find(capture.Lines, capture.Recorder.Values);
        capture.Clear(); // the leak was on purpose: the host's own check at disposal must not fail this test
        Assert.All(leaks, leak => Assert.Equal(LeakCategory, leak.Source));
        Assert.All(leaks, leak => Assert.Equal(LogLeakCheck.HashPrefix(value), leak.HashPrefix));
        Assert.Equal(["Debug message", "Debug state", "Error exception", "Trace scope"], leaks.Select(l => l.Where).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(value, LogLeakCheck.Describe(leaks, 1, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ProviderThatCapturedARecordedSecret_ThrowsWithoutTheValue()
    {
        var recorder = new SecretValueRecorder();
        var value = "s3cret-" + Guid.NewGuid().ToString("N");
        recorder.Secret(value);
        var provider = new CapturingLoggerProvider(recorder);
        provider.CreateLogger("Keyturn.Somewhere").LogInformation("Rotated to {Password}", value);

        var error = Assert.Throws<LogLeakException>(provider.Dispose);

        Assert.Contains("Keyturn.Somewhere (Information message)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindInOutput_ProcessConsoleOutput_NamesTheCategoryHeaderAbove()
    {
        var value = "s3cret-" + Guid.NewGuid().ToString("N");
        string[] output = ["Keyturn listening on http://127.0.0.1:1", "dbug: Keyturn.Core.Rotation.RotationEngine[0]", $"      issued {value}"];

        var leak = Assert.Single(LogLeakCheck.FindInOutput("keyturn server", output, [value]));

        Assert.Equal("output line 3 under \"dbug: Keyturn.Core.Rotation.RotationEngine[0]\"", leak.Where);
        Assert.Empty(LogLeakCheck.FindInOutput("keyturn server", output, ["not-in-the-output"]));
    }

    [Fact]
    public void FindInOutput_SingleLineTextEntry_NamesItsOwnCategory()
    {
        var value = "s3cret-" + Guid.NewGuid().ToString("N");
        string[] output = ["dbug: Keyturn.Earlier[0]", $"2026-11-29T16:36:37.294Z info: Keyturn.Core.Rotation.RotationEngine[0] => JobId:1 issued {value}"];

        var leak = Assert.Single(LogLeakCheck.FindInOutput("keyturn server", output, [value]));

        Assert.Equal("output line 2 under \"info: Keyturn.Core.Rotation.RotationEngine[0]\"", leak.Where);
    }

    [Theory]
    [InlineData("pa\"ss+wo/rd\\", "pa\\\"ss+wo/rd\\\\")] // --log-format json's relaxed escaping
    [InlineData("a+b<c>'d", "a\\u002Bb\\u003Cc\\u003E\\u0027d")] // the default JSON encoder's
    public void FindInOutput_JsonLogLine_FindsTheSecretInItsEscapedSpelling(string value, string escaped)
    {
        string[] output = [$"{{\"LogLevel\":\"Debug\",\"Message\":\"issued {escaped}\"}}"];

        var leak = Assert.Single(LogLeakCheck.FindInOutput("keyturn server", output, [value]));

        Assert.Equal(LogLeakCheck.HashPrefix(value), leak.HashPrefix);
    }

    [Fact]
    public async Task Recorder_ServerThatMadeSecretsARotationAndAClientSecret_SawEveryValue()
    {
        await using var server = await TestServer.StartAsync();
        var setup = await Scenario.CreateRotationAsync(server);
        var plain = "plain-" + Guid.NewGuid().ToString("N");
        await Scenario.CreateSecretAsync(server, setup.ProjectId, "PLAIN", plain);
        var identity = (await server.Api.PostAsync("/api/v1/identities", new { name = "app-" + Guid.NewGuid().ToString("N")[..8] }))
            .ShouldBe(HttpStatusCode.OK).Body["identity"]!["id"]!.GetValue<string>();
        var issued = (await server.Api.PostAsync($"/api/v1/identities/{identity}/universal-auth/client-secrets", new { })).ShouldBe(HttpStatusCode.OK).Body;
        var clientSecret = issued["clientSecret"]!.GetValue<string>();
        var accessToken = (await server.Api.SendAsync(HttpMethod.Post, "/api/v1/auth/universal-auth/login",
            new { clientId = issued["clientId"]!.GetValue<string>(), clientSecret }, noToken: true)).ShouldBe(HttpStatusCode.OK).Body["accessToken"]!.GetValue<string>();
        var capture = server.Host.Services.LogCapture();
        // Taken before the rotated secret is read back, so it is the cipher that saw it, not the read.
        var recorded = capture.Recorder.Values;

        var rotated = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        Assert.Contains(rotated, recorded);
        Assert.Contains(plain, recorded);
        Assert.Contains(clientSecret, recorded);
        Assert.Contains(accessToken, recorded);
        Assert.Contains(server.Host.RootToken, recorded);
        Assert.Contains(server.Emulator.AdminApp.InitialSecret, recorded);
        Assert.DoesNotContain(await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_ID"), recorded);
        Assert.True(recorded.Count >= 6, $"{recorded.Count} values recorded");
        // Trace lines from ASP.NET Core too, though the host's own filter keeps "Microsoft" at Warning for the console.
        Assert.Contains(capture.Lines, l => l.Level == LogLevel.Trace && l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
