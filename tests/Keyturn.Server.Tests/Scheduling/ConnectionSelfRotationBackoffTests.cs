using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Scheduling;

/// <summary>
/// A failed scheduled self-rotation is retried with the rotations' backoff (5, 15, 40 minutes less up to 20% jitter),
/// not only at the next rotateAtUtc; a manual failure is not retried behind the user's back.
/// </summary>
public sealed class ConnectionSelfRotationBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task RunDueAsync_ScheduledSelfRotationFails_RetriedAfter5Then15MinutesThenSucceeds()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var connection = await SelfRotatingConnection.CreateAsync(server, nameHumanSecret: true);
        var patched = (await server.Api.PatchAsync($"{SelfRotatingConnection.Path}/{connection.Id}",
            new { credentialRotation = new { isAutoRotationEnabled = true, rotationInterval = 2, rotateAtUtc = new { hours = 1, minutes = 30 } } }))
            .ShouldBe(HttpStatusCode.OK).Body["appConnection"]!;
        var due = patched["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>();
        var scheduler = server.Host.Services.GetRequiredService<ConnectionCredentialScheduler>();
        server.Emulator.Control.InjectFault(new FaultRule("POST", "/addPassword", 403, Times: 2, ErrorCode: "Authorization_RequestDenied"));

        _clock.SetUtcNow(due.AddSeconds(5));
        await scheduler.RunDueAsync(CancellationToken.None);
        var firstRetry = await SettledAsync(connection, "failed", due);
        AssertWithin(firstRetry - _clock.GetUtcNow(), TimeSpan.FromMinutes(5));

        _clock.SetUtcNow(firstRetry.AddSeconds(-1));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(firstRetry, await NextAsync(connection, "failed"));

        _clock.SetUtcNow(firstRetry.AddSeconds(1));
        await scheduler.RunDueAsync(CancellationToken.None);
        var secondRetry = await SettledAsync(connection, "failed", firstRetry);
        AssertWithin(secondRetry - _clock.GetUtcNow(), TimeSpan.FromMinutes(15));

        _clock.SetUtcNow(secondRetry.AddSeconds(1));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(due.AddDays(2), await SettledAsync(connection, "success", secondRetry));
        Assert.Single(connection.ConnectionMade());
    }

    [Fact]
    public async Task RotateCredentials_ManualFailure_NextTryIsTheNextRotateAtUtc()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var connection = await SelfRotatingConnection.CreateAsync(server, nameHumanSecret: true);
        (await server.Api.PatchAsync($"{SelfRotatingConnection.Path}/{connection.Id}",
            new { credentialRotation = new { isAutoRotationEnabled = true, rotationInterval = 2, rotateAtUtc = new { hours = 1, minutes = 30 } } })).ShouldBe(HttpStatusCode.OK);
        server.Emulator.Control.InjectFault(new FaultRule("POST", "/addPassword", 403, ErrorCode: "Authorization_RequestDenied"));

        (await server.Api.PostAsync($"{SelfRotatingConnection.Path}/{connection.Id}/rotate-credentials", null)).ShouldBe(HttpStatusCode.BadGateway);

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 30, 0, TimeSpan.Zero), await NextAsync(connection, "failed"));
    }

    /// <summary>
    /// The next try once the attempt has ended: the host's own scheduler loop also ticks when the fake clock jumps, and
    /// may be the one running the attempt while this test's call finds the connection busy.
    /// </summary>
    private static async Task<DateTimeOffset> SettledAsync(SelfRotatingConnection connection, string status, DateTimeOffset before)
    {
        await Wait.UntilAsync(async () => (await connection.GetAsync())["nextCredentialRotationAt"]?.GetValue<DateTimeOffset>() != before, "the attempt to end");
        return await NextAsync(connection, status);
    }

    private static async Task<DateTimeOffset> NextAsync(SelfRotatingConnection connection, string status)
    {
        var view = await connection.GetAsync();
        Assert.Equal(status, view["credentialRotation"]!["status"]!.GetValue<string>());
        return view["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>();
    }

    // The jitter shortens a wait by up to 20%, never lengthens it.
    private static void AssertWithin(TimeSpan actual, TimeSpan nominal) =>
        Assert.InRange(actual, nominal * 0.8 - TimeSpan.FromSeconds(1), nominal + TimeSpan.FromSeconds(1));
}
