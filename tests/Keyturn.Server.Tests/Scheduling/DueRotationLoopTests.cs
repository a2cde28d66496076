using System.Net;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keyturn.Server.Tests.Scheduling;

public sealed class DueRotationLoopTests
{
    private const string Path = "/api/v2/secret-rotations/azure-client-secret";
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunDueAsync_BeforeAndAfterNextRotationAt_RotatesOnlyWhenDue()
    {
        var clock = new ManualTimeProvider(Start);
        await using var server = await TestServer.StartAsync(timeProvider: clock);
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var body = Scenario.RotationBody(projectId, connectionId, Scenario.CreateTargetApp(server));
        body["rotationInterval"] = 1;
        var id = (await server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var loop = Loop(server);

        // Created (a manual run) after 00:00 on the 21st: next is the 22nd's 00:00 plus one day.
        Assert.Equal("2026-11-23T00:00:00+00:00", (await Get(server, id))["nextRotationAt"]!.GetValue<string>());
        clock.Set(new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero));
        await loop.RunDueAsync(CancellationToken.None);
        Assert.Equal(0, (await Get(server, id))["activeIndex"]!.GetValue<int>());

        clock.Set(new DateTimeOffset(2026, 11, 23, 0, 0, 1, TimeSpan.Zero));
        await loop.RunDueAsync(CancellationToken.None);
        var rotated = await Get(server, id);

        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        Assert.Equal("2026-11-23T00:00:01+00:00", rotated["lastRotatedAt"]!.GetValue<string>());
        Assert.Equal("2026-11-24T00:00:00+00:00", rotated["nextRotationAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunDueAsync_AutoRotationOff_NeverRotates()
    {
        var clock = new ManualTimeProvider(Start);
        await using var server = await TestServer.StartAsync(timeProvider: clock);
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var body = Scenario.RotationBody(projectId, connectionId, Scenario.CreateTargetApp(server));
        body["isAutoRotationEnabled"] = false;
        var id = (await server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();

        clock.Set(Start.AddDays(400));
        await Loop(server).RunDueAsync(CancellationToken.None);

        var rotation = await Get(server, id);
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        Assert.Null(rotation["nextRotationAt"]);
    }

    private static DueRotationLoop Loop(TestServer server) =>
        server.Host.Services.GetServices<IHostedService>().OfType<DueRotationLoop>().Single();

    private static async Task<System.Text.Json.Nodes.JsonNode> Get(TestServer server, string id) =>
        (await server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
}
