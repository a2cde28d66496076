using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>PATCH /api/v1/app-connections/azure/{id}: name, description and the schedule of the connection's own credential.</summary>
public sealed class AppConnectionUpdateTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = SelfRotatingConnection.Path;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Patch_CredentialRotation_StoresTheScheduleAndNextTime()
    {
        var id = await Scenario.CreateConnectionAsync(Server);

        var response = await Server.Api.PatchAsync($"{Path}/{id}", new
        {
            description = "rotates itself",
            credentialRotation = new { isAutoRotationEnabled = true, rotationInterval = 30, rotateAtUtc = new { hours = 1, minutes = 0 } },
        });

        var view = response.ShouldBe(HttpStatusCode.OK).Body["appConnection"]!;
        Assert.Equal("rotates itself", view["description"]!.GetValue<string>());
        Assert.True(view["credentialRotation"]!["isAutoRotationEnabled"]!.GetValue<bool>());
        Assert.Equal(30, view["credentialRotation"]!["rotationInterval"]!.GetValue<int>());
        Assert.Equal(1, view["credentialRotation"]!["rotateAtUtc"]!["hours"]!.GetValue<int>());
        var next = view["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(new TimeSpan(1, 0, 0), next.UtcDateTime.TimeOfDay);
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.FromDays(29), TimeSpan.FromDays(31));
        var got = (await Server.Api.GetAsync($"{Path}/{id}")).Body["appConnection"]!;
        Assert.Equal(next, got["nextCredentialRotationAt"]!.GetValue<DateTimeOffset>());

        var off = (await Server.Api.PatchAsync($"{Path}/{id}", new { credentialRotation = new { isAutoRotationEnabled = false } })).ShouldBe(HttpStatusCode.OK);
        Assert.Null(off.Body["appConnection"]!["nextCredentialRotationAt"]);
        Assert.Equal(30, off.Body["appConnection"]!["credentialRotation"]!["rotationInterval"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"credentialRotation": {"rotationInterval": 0}}""", "credentialRotation.rotationInterval")]
    [InlineData("""{"credentialRotation": {"rotationInterval": 366}}""", "credentialRotation.rotationInterval")]
    [InlineData("""{"credentialRotation": {"rotateAtUtc": {"hours": 24, "minutes": 0}}}""", "credentialRotation.rotateAtUtc.hours")]
    [InlineData("""{"credentialRotation": {"rotateAtUtc": {"hours": 1, "minutes": 60}}}""", "credentialRotation.rotateAtUtc.minutes")]
    [InlineData("""{"credentialRotation": {"rotateAtUtc": {"hour": 1}}}""", "credentialRotation.rotateAtUtc.hour")]
    [InlineData("""{"credentialRotation": {"isAutoRotationEnabled": "yes"}}""", "credentialRotation.isAutoRotationEnabled")]
    [InlineData("""{"credentialRotation": {"interval": 3}}""", "credentialRotation.interval")]
    [InlineData("""{"credentials": {"clientSecret": "x"}}""", "credentials")]
    [InlineData("""{"name": "Not A Slug"}""", "name")]
    public async Task Patch_BadField_Returns400NamingItAndChangesNothing(string body, string field)
    {
        var id = await Scenario.CreateConnectionAsync(Server);
        var before = (await Server.Api.GetAsync($"{Path}/{id}")).Text;

        var response = await Server.Api.SendRawAsync(HttpMethod.Patch, $"{Path}/{id}", body);

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.Equal(before, (await Server.Api.GetAsync($"{Path}/{id}")).Text);
    }

    [Fact]
    public async Task Patch_UnknownConnection_Returns404()
    {
        var response = await Server.Api.PatchAsync($"{Path}/{Guid.NewGuid()}", new { description = "x" });

        response.ShouldBe(HttpStatusCode.NotFound);
    }
}
