using System.Net;
using Keyturn.Core.Audit;
using Keyturn.Core.Connections;
using Keyturn.Core.Crypto;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Scheduling;

/// <summary>The scheduler rotates a due connection's own credential (fake clock); two nodes never self-rotate one connection twice.</summary>
public sealed class ConnectionCredentialSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task RunDueAsync_BeforeAndAfterNextCredentialRotationAt_RotatesOnlyWhenDue()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var connection = await SelfRotatingConnection.CreateAsync(server, nameHumanSecret: true);
        var patched = (await server.Api.PatchAsync($"{SelfRotatingConnection.Path}/{connection.Id}",
            new { credentialRotation = new { isAutoRotationEnabled = true, rotationInterval = 2, rotateAtUtc = new { hours = 1, minutes = 30 } } }))
            .ShouldBe(HttpStatusCode.OK).Body["appConnection"]!;
        // Created on the 21st at 10:00, after 01:30: the anchor is the 22nd at 01:30, plus two days.
        var next = new DateTimeOffset(2026, 11, 24, 1, 30, 0, TimeSpan.Zero);
        Assert.Equal(next, patched["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>());
        var scheduler = server.Host.Services.GetRequiredService<ConnectionCredentialScheduler>();

        _clock.SetUtcNow(next.AddSeconds(-1));
        await scheduler.RunDueAsync(CancellationToken.None);
        Assert.Empty(connection.ConnectionMade());

        _clock.SetUtcNow(next.AddSeconds(5));
        await scheduler.RunDueAsync(CancellationToken.None);
        await scheduler.RunDueAsync(CancellationToken.None);

        var rotated = await connection.GetAsync();
        Assert.Single(connection.ConnectionMade());
        Assert.Equal(next.AddSeconds(5), rotated["credentialsRotatedAt"]!.GetValue<DateTimeOffset>());
        // A scheduled run keeps the day: the next one is two days after this one's 01:30.
        Assert.Equal(next.AddDays(2), rotated["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>());
        var jobs = (await server.Api.GetAsync($"{SelfRotatingConnection.Path}/{connection.Id}/credential-rotations")).Body["credentialRotations"]!.AsArray();
        Assert.Equal("schedule", Assert.Single(jobs)!["trigger"]!.GetValue<string>());
    }

    [Fact]
    public async Task RotateAsync_TwoNodesAtOnce_OnlyOneRotates()
    {
        await using var server = await TestServer.StartAsync();
        var connection = await SelfRotatingConnection.CreateAsync(server, nameHumanSecret: true);
        var services = server.Host.Services;
        var nodeA = services.GetRequiredService<ConnectionCredentialRotation>();
        var nodeB = new ConnectionCredentialRotation(
            services.GetRequiredService<IKeyturnStore>(), services.GetRequiredService<ConnectionService>(), services.GetServices<IAppConnectionHandler>(),
            services.GetRequiredService<EnvelopeCipher>(), services.GetRequiredService<AuditLog>(),
            services.GetRequiredService<RotationOptions>() with { NodeId = "node-b" }, TimeProvider.System, NullLogger<ConnectionCredentialRotation>.Instance);
        // addPassword is held for a moment, so both attempts overlap.
        server.Emulator.Control.InjectFault(new AzureEmulator.FaultRule("POST", "/addPassword", 0, Delay: TimeSpan.FromMilliseconds(500), Times: 2));
        var id = Guid.Parse(connection.Id);

        var results = await Task.WhenAll(
            nodeA.RotateAsync("azure", id, JobTriggers.Manual, "test", CancellationToken.None),
            nodeB.RotateAsync("azure", id, JobTriggers.Manual, "test", CancellationToken.None));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Single(results, r => r is { IsSuccess: false, Problem.Kind: Core.Results.ProblemKind.Busy });
        Assert.Single(connection.ConnectionMade());
        Assert.True(connection.HumanSecretExists());
    }
}
