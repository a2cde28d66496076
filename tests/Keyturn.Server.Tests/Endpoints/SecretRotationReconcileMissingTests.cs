using System.Net;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// A slot's credential deleted at the target by a person: reconcile reports it missing, and (not as a dry run) moves
/// nextRotationAt to now, so the next scheduler pass replaces it. On a fake clock, so "now" is exact.
/// </summary>
public sealed class SecretRotationReconcileMissingTests
{
    private const string Path = Scenario.RotationsPath;
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task Reconcile_SlotCredentialDeletedAtTheTarget_SchedulesTheNextRotationNowAndTheSchedulerReplacesIt()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var setup = await Scenario.CreateRotationAsync(server);
        var deleted = Scenario.KeyturnMade(server, setup.App).Single();
        Assert.True(server.Emulator.Control.RemovePassword(setup.App.ObjectId, deleted.KeyId));
        _clock.Advance(TimeSpan.FromHours(1));

        var dryRun = (await server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=true", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        var dryFinding = Assert.Single(dryRun["findings"]!.AsArray(), f => f!["kind"]!.GetValue<string>() == "missing")!;
        var scheduledBefore = dryRun["nextRotationAt"]!.GetValue<DateTimeOffset>();
        var applied = (await server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;

        Assert.Equal("reported", dryFinding["action"]!.GetValue<string>());
        Assert.True(scheduledBefore > _clock.GetUtcNow().AddDays(1), "a dry run leaves the schedule as it was");
        var missing = Assert.Single(applied["findings"]!.AsArray(), f => f!["kind"]!.GetValue<string>() == "missing")!;
        Assert.Equal(deleted.KeyId.ToString(), missing["credentialId"]!.GetValue<string>());
        Assert.Equal(0, missing["slot"]!.GetValue<int>());
        Assert.Equal("rotation-scheduled", missing["action"]!.GetValue<string>());
        Assert.Equal(_clock.GetUtcNow(), applied["nextRotationAt"]!.GetValue<DateTimeOffset>());
        var view = (await server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(_clock.GetUtcNow(), view["nextRotationAt"]!.GetValue<DateTimeOffset>());

        await server.Host.Services.GetServices<IHostedService>().OfType<DueRotationLoop>().Single().RunDueAsync(CancellationToken.None);

        var rotated = (await server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET")));
        var after = (await server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        // Slot 0 now holds the previous credential, still gone: reported, but no reason to rotate again.
        var previous = Assert.Single(after["findings"]!.AsArray(), f => f!["kind"]!.GetValue<string>() == "missing")!;
        Assert.Equal(0, previous["slot"]!.GetValue<int>());
        Assert.Contains("inactive", previous["message"]!.GetValue<string>());
        var appliedAgain = (await server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        Assert.Equal("reported", Assert.Single(appliedAgain["findings"]!.AsArray(), f => f!["kind"]!.GetValue<string>() == "missing")!["action"]!.GetValue<string>());
        Assert.Equal(rotated["nextRotationAt"]!.GetValue<DateTimeOffset>(), appliedAgain["nextRotationAt"]!.GetValue<DateTimeOffset>());
    }
}
