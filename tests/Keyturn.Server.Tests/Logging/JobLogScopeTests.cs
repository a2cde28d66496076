using System.Net;
using System.Text.RegularExpressions;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Logging;

/// <summary>
/// Work the scheduler starts (no request around it) still carries its ids in every line: a scheduled rotation's lines
/// the RotationId and JobId scopes, a scheduled connection self-rotation's the AppConnectionId and JobId scopes.
/// </summary>
public sealed partial class JobLogScopeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task ScheduledRotation_ItsLines_CarryRotationAndJobScopes_NoRequestScope()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var body = Scenario.RotationBody(await Scenario.CreateProjectAsync(server), await Scenario.CreateConnectionAsync(server), Scenario.CreateTargetApp(server), "scheduled-logs");
        body["isAutoRotationEnabled"] = true;
        body["rotationInterval"] = 1;
        var id = (await server.Api.PostAsync(Scenario.RotationsPath, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var capture = server.Host.Services.LogCapture();
        capture.Clear();

        _clock.Advance(TimeSpan.FromDays(3));
        // The loop's own timer fires on the advance too: whichever pass runs the attempt, its end is awaited.
        await server.Host.Services.GetServices<IHostedService>().OfType<DueRotationLoop>().Single().RunDueAsync(CancellationToken.None);
        await Wait.UntilAsync(() => capture.Lines.Any(l => l.Message.StartsWith($"Rotation {id} job ", StringComparison.Ordinal) && l.Message.Contains(" activated slot ", StringComparison.Ordinal)),
            "the scheduled attempt's activation");

        var started = Assert.Single(capture.Lines, l => l.Message.StartsWith($"Rotation {id} job ", StringComparison.Ordinal) && l.Message.Contains("started (schedule)", StringComparison.Ordinal));
        var jobId = JobOf().Match(started.Message).Groups[1].Value;
        var ofJob = capture.Lines.Where(l => l.Scopes.Contains($"JobId:{jobId}")).ToList();
        Assert.Contains(started, ofJob);
        Assert.Contains(ofJob, l => l.Message.Contains(" activated slot ", StringComparison.Ordinal));
        Assert.All(ofJob, l => Assert.Contains($"RotationId:{id}", l.Scopes));
        Assert.All(ofJob, l => Assert.DoesNotContain(l.Scopes, s => s.StartsWith("RequestId:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ScheduledConnectionSelfRotation_ItsLines_CarryConnectionAndJobScopes()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var connection = await SelfRotatingConnection.CreateAsync(server, nameHumanSecret: true);
        (await server.Api.PatchAsync($"{SelfRotatingConnection.Path}/{connection.Id}",
            new { credentialRotation = new { isAutoRotationEnabled = true, rotationInterval = 1, rotateAtUtc = new { hours = 0, minutes = 0 } } })).ShouldBe(HttpStatusCode.OK);
        var capture = server.Host.Services.LogCapture();
        capture.Clear();

        _clock.Advance(TimeSpan.FromDays(3));
        // The scheduler's own timer fires on the advance too: whichever run rotates, its end is awaited.
        await server.Host.Services.GetRequiredService<ConnectionCredentialScheduler>().RunDueAsync(CancellationToken.None);
        await Wait.UntilAsync(() => capture.Lines.Any(l => l.Message.StartsWith($"Connection {connection.Id} job ", StringComparison.Ordinal) && l.Message.Contains(": activated ", StringComparison.Ordinal)),
            "the scheduled self-rotation's activation");

        var started = Assert.Single(capture.Lines, l => l.Message.StartsWith($"Connection {connection.Id} job ", StringComparison.Ordinal) && l.Message.Contains("started (schedule)", StringComparison.Ordinal));
        var jobId = JobOf().Match(started.Message).Groups[1].Value;
        var ofJob = capture.Lines.Where(l => l.Scopes.Contains($"JobId:{jobId}")).ToList();
        Assert.Contains(started, ofJob);
        Assert.Contains(ofJob, l => l.Message.Contains(": activated ", StringComparison.Ordinal));
        Assert.All(ofJob, l => Assert.Contains($"AppConnectionId:{connection.Id}", l.Scopes));
    }

    [GeneratedRegex("job ([0-9a-f-]{36})")]
    private static partial Regex JobOf();
}
