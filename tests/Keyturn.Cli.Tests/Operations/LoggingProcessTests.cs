using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Server.Endpoints;
using Keyturn.Tests.Shared;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn server --log-format/--log-level` on a real server process: JSON lines that all parse, text entries on one
/// line each, the start line (version, data directory, storage), and the correlation ids: a request's X-Request-Id and
/// a rotation's RotationId/JobId in every line written while they are handled.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class LoggingProcessTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-logging-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task JsonDebug_EveryLineParses_StartLineNamesVersionAndData_RequestAndRotationIdsInTheirLines()
    {
        var script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        var data = Path.Combine(_directory, "data");
        using var server = await LoggingServer.StartAsync(data, _token, script, NoEnvironment, "--log-format", "json", "--log-level", "debug");
        var rotationId = await server.CreateRotationAsync(script, "create-1");

        var answered = await server.RotateAsync(script, rotationId, "abc-123");

        Assert.Equal("abc-123", answered);
        // The request's own debug line is its last: once it is out, every line of the request is.
        await server.WaitForLogAsync(l => l.Contains("\"RequestId\":\"abc-123\"", StringComparison.Ordinal) && l.Contains("answered", StringComparison.Ordinal));
        var lines = server.Log.Select(Parse).ToList();

        Assert.All(lines, line =>
        {
            Assert.EndsWith("Z", line["Timestamp"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotNull(line["LogLevel"]);
            Assert.NotNull(line["Category"]);
        });
        var started = Assert.Single(lines, l => l["Message"]!.GetValue<string>().Contains(" started; data directory ", StringComparison.Ordinal));
        Assert.Equal($"Keyturn {TokenSelfEndpoints.ServerVersion} started; data directory {data}; storage sqlite", started["Message"]!.GetValue<string>());
        Assert.Equal("Information", started["LogLevel"]!.GetValue<string>());

        var ofRequest = lines.Where(l => Scope(l, "RequestId") == "abc-123").ToList();
        Assert.Contains(ofRequest, l => l["LogLevel"]!.GetValue<string>() == "Debug" && l["Message"]!.GetValue<string>().StartsWith("POST ", StringComparison.Ordinal));
        // The attempt's own lines (started, activated), and every line in the job's scope, carry all three ids.
        var jobIds = ofRequest.Select(l => Scope(l, "JobId")).OfType<string>().Distinct().ToList();
        var jobId = Assert.Single(jobIds);
        var ofJob = lines.Where(l => Scope(l, "JobId") == jobId).ToList();
        Assert.Contains(ofJob, l => l["Message"]!.GetValue<string>().Contains(" started (manual)", StringComparison.Ordinal));
        Assert.Contains(ofJob, l => l["Message"]!.GetValue<string>().Contains(" activated slot ", StringComparison.Ordinal));
        Assert.All(ofJob, l =>
        {
            Assert.Equal(rotationId, Scope(l, "RotationId"));
            Assert.Equal("abc-123", Scope(l, "RequestId"));
        });
        // Every line that names the job in its message is inside the job's scope.
        Assert.All(lines.Where(l => l["State"]?["JobId"]?.GetValue<string>() == jobId), l => Assert.Equal(jobId, Scope(l, "JobId")));
        // The create's first attempt is its own job, under its own request.
        Assert.Contains(lines, l => Scope(l, "RequestId") == "create-1" && Scope(l, "RotationId") == rotationId && Scope(l, "JobId") is { } other && other != jobId);
        // Scopes carry ids only: each is one id (and the format ASP.NET Core adds), nothing from a body.
        Assert.All(lines.SelectMany(l => l["Scopes"]!.AsArray()), scope =>
            Assert.All(scope!.AsObject().Select(p => p.Key), key => Assert.Contains(key, AllowedScopeKeys)));
    }

    [Fact]
    public async Task TextFromEnvironment_EveryEntryOneLine_IdsOnTheRotationsLines_InformationHidesDebug()
    {
        var script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        var data = Path.Combine(_directory, "data");
        using var server = await LoggingServer.StartAsync(data, _token, script, new Dictionary<string, string>
        {
            ["KEYTURN_LOG_FORMAT"] = "text",
            ["KEYTURN_LOG_LEVEL"] = "information",
        });
        var rotationId = await server.CreateRotationAsync(script, "text-create-1");

        var activated = await server.WaitForLogAsync(l => l.Contains(" activated slot ", StringComparison.Ordinal));
        var lines = server.Log.ToList();

        Assert.All(lines, line => Assert.Matches(TextEntry, line));
        Assert.Contains(lines, l => l.Contains($"Keyturn {TokenSelfEndpoints.ServerVersion} started; data directory {data}; storage sqlite", StringComparison.Ordinal));
        Assert.Contains("RequestId:text-create-1", activated, StringComparison.Ordinal);
        Assert.Contains($"RotationId:{rotationId}", activated, StringComparison.Ordinal);
        Assert.Contains("JobId:", activated, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains(" dbug: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--log-format", "xml", "text, json")]
    [InlineData("--log-level", "verbose", "trace, debug, information, warning, error")]
    public async Task BadValueOnTheLine_IsAUsageError_NamingTheFlagAndTheValues(string flag, string value, string allowed)
    {
        var (exitCode, lines) = await OperationsServer.RunAsync(new Dictionary<string, string> { ["KEYTURN_ROOT_TOKEN"] = _token },
            "server", "--data-dir", Path.Combine(_directory, "data"), flag, value);

        Assert.Equal(2, exitCode);
        Assert.Empty(LogLeakCheck.FindInOutput("keyturn server", lines, [_token]));
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains($"{flag}: '{value}' is not one of {allowed}", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "a refused command line must not create the data directory");
    }

    [Theory]
    [InlineData("KEYTURN_LOG_FORMAT", "--log-format", "yaml")]
    [InlineData("KEYTURN_LOG_LEVEL", "--log-level", "loud")]
    public async Task BadValueInTheVariable_IsAUsageError_NamingTheVariable(string variable, string flag, string value)
    {
        var (exitCode, lines) = await OperationsServer.RunAsync(new Dictionary<string, string> { ["KEYTURN_ROOT_TOKEN"] = _token, [variable] = value },
            "server", "--data-dir", Path.Combine(_directory, "data"));

        Assert.Equal(2, exitCode);
        Assert.Empty(LogLeakCheck.FindInOutput("keyturn server", lines, [_token]));
        Assert.Contains($"{flag} (from {variable}): '{value}' is not one of", Assert.Single(lines), StringComparison.Ordinal);
    }

    private static readonly string[] AllowedScopeKeys = ["Message", "{OriginalFormat}", "RequestId", "RotationId", "AppConnectionId", "ConnectionId", "JobId", "SpanId", "TraceId", "ParentId"];

    // "2026-11-29T16:27:17.178Z info: Category[0] message": time, level and category on the line of the message.
    private const string TextEntry = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): \S+\[\d+\] ";

    private static JsonNode Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"A stdout line is not JSON ({e.Message}): {line}");
        }
    }

    /// <summary>The value of a scope key on a line (scopes are an array of objects), or null.</summary>
    private static string? Scope(JsonNode line, string key) =>
        line["Scopes"]!.AsArray().Select(s => s?[key]).OfType<JsonNode>().Select(v => v.ToString()).FirstOrDefault();
}
