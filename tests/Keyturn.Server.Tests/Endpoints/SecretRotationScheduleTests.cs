using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// The two schedules through the API: a cron rotationSchedule or the rotationInterval at rotateAtUtc, exactly one
/// deciding nextRotationAt, the view saying which, and PATCH switching between them.
/// </summary>
public sealed class SecretRotationScheduleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;
    private const string FirstSunday = "0 2 * * SUN#1";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_CronWithTheDefaultIntervalFields_FollowsTheCron()
    {
        var body = await BodyAsync();
        body["rotationSchedule"] = FirstSunday;

        var rotation = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("cron", rotation["scheduleKind"]!.GetValue<string>());
        Assert.Equal(FirstSunday, rotation["rotationSchedule"]!.GetValue<string>());
        Assert.Equal(0, rotation["failedAttempts"]!.GetValue<int>());
        Assert.Equal(NextFirstSundayAfter(DateTimeOffset.Parse(rotation["lastRotatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)),
            DateTimeOffset.Parse(rotation["nextRotationAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Create_Interval_SaysSoAndHasNoCron()
    {
        var rotation = (await Server.Api.PostAsync(Path, await BodyAsync())).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("interval", rotation["scheduleKind"]!.GetValue<string>());
        Assert.Null(rotation["rotationSchedule"]);
    }

    [Theory]
    [InlineData("not a cron", "does not parse")]
    [InlineData("*/10 * * * *", "at most once an hour")]
    [InlineData("0 0 29 2 *", "at least once every 366 days")]
    public async Task Create_InvalidCron_Is400NamingRotationScheduleAndTheRule(string cron, string why)
    {
        var body = await BodyAsync();
        body["rotationSchedule"] = cron;

        var response = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadRequest);

        var rule = Assert.Single(response.ErrorsFor("rotationSchedule"));
        Assert.Contains("must be a cron expression in UTC with five fields", rule);
        Assert.Contains(why, rule);
    }

    [Fact]
    public async Task Create_CronNotAString_Is400()
    {
        var body = await BodyAsync();
        body["rotationSchedule"] = 5;

        var response = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("or null for the rotationInterval schedule", Assert.Single(response.ErrorsFor("rotationSchedule")));
    }

    [Theory]
    [InlineData("rotationInterval")]
    [InlineData("rotateAtUtc")]
    public async Task Create_CronWithANonDefaultIntervalField_Is400AndCreatesNothing(string field)
    {
        var body = await BodyAsync();
        body["rotationSchedule"] = FirstSunday;
        body[field] = field == "rotationInterval" ? 7 : new { hours = 2, minutes = 0 };

        var response = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("exactly one of a cron schedule or an interval decides nextRotationAt", Assert.Single(response.ErrorsFor("rotationSchedule")));
        var list = (await Server.Api.GetAsync($"/api/v2/secret-rotations?projectId={body["projectId"]}")).ShouldBe(HttpStatusCode.OK).Body;
        Assert.Empty(list["secretRotations"]!.AsArray());
    }

    [Fact]
    public async Task Patch_IntervalToCronAndBack_SwitchesWhatDecidesAndKeepsTheInterval()
    {
        var body = await BodyAsync();
        body["rotationInterval"] = 7;
        var id = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var intervalNext = (await GetAsync(id))["nextRotationAt"]!.GetValue<string>();

        var cron = (await Server.Api.PatchAsync($"{Path}/{id}", new { rotationSchedule = FirstSunday })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var back = (await Server.Api.PatchAsync($"{Path}/{id}", new JsonObject { ["rotationSchedule"] = null })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("cron", cron["scheduleKind"]!.GetValue<string>());
        Assert.Equal(7, cron["rotationInterval"]!.GetValue<int>());
        Assert.NotEqual(intervalNext, cron["nextRotationAt"]!.GetValue<string>());
        Assert.Equal("interval", back["scheduleKind"]!.GetValue<string>());
        Assert.Null(back["rotationSchedule"]);
        Assert.Equal(7, back["rotationInterval"]!.GetValue<int>());
        Assert.Equal(intervalNext, back["nextRotationAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_CronRotationsInterval_Is400UnlessUnchangedOrLeavingTheCron()
    {
        var body = await BodyAsync();
        body["rotationSchedule"] = FirstSunday;
        var id = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();

        var changed = (await Server.Api.PatchAsync($"{Path}/{id}", new { rotationInterval = 14 })).ShouldBe(HttpStatusCode.BadRequest);
        var sentBack = (await Server.Api.PatchAsync($"{Path}/{id}", new { name = "renamed", rotationSchedule = FirstSunday, rotationInterval = 30, rotateAtUtc = new { hours = 0, minutes = 0 } }))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var leaving = (await Server.Api.PatchAsync($"{Path}/{id}", new JsonObject { ["rotationSchedule"] = null, ["rotationInterval"] = 14 }))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Contains("send \"rotationSchedule\": null to return to the interval schedule", Assert.Single(changed.ErrorsFor("rotationInterval")));
        Assert.Equal("cron", sentBack["scheduleKind"]!.GetValue<string>());
        Assert.Equal("renamed", sentBack["name"]!.GetValue<string>());
        Assert.Equal("interval", leaving["scheduleKind"]!.GetValue<string>());
        Assert.Equal(14, leaving["rotationInterval"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null, 2 * 30 + 7)]
    [InlineData(FirstSunday, 2 * 35 + 7)]
    public async Task Create_Schedule_CredentialOutlivesTwoPeriodsPlusGrace(string? cron, int days)
    {
        var body = await BodyAsync();
        body["rotationSchedule"] = cron;
        var rotation = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var objectId = rotation["parameters"]!["objectId"]!.GetValue<string>();

        var issued = Server.Emulator.Control.ListPasswords(objectId).Single(p => p.DisplayName!.StartsWith("Keyturn", StringComparison.Ordinal));

        // The expiry is computed just before the credential is issued, so a little before lastRotatedAt.
        var lastRotatedAt = DateTimeOffset.Parse(rotation["lastRotatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(issued.EndDateTime!.Value - lastRotatedAt, TimeSpan.FromDays(days) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(days));
    }

    private async Task<JsonNode> GetAsync(string id) =>
        (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

    private async Task<Dictionary<string, object?>> BodyAsync()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await Scenario.CreateConnectionAsync(Server);
        return Scenario.RotationBody(projectId, connectionId, Scenario.CreateTargetApp(Server));
    }

    private static DateTimeOffset NextFirstSundayAfter(DateTimeOffset instant)
    {
        for (var month = new DateTimeOffset(instant.Year, instant.Month, 1, 2, 0, 0, TimeSpan.Zero); ; month = month.AddMonths(1))
        {
            var sunday = month.AddDays(((int)DayOfWeek.Sunday - (int)month.DayOfWeek + 7) % 7);
            if (sunday > instant)
            {
                return sunday;
            }
        }
    }
}
