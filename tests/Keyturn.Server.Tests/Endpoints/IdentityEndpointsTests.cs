using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>/api/v1/identities and their client secrets, with the root token.</summary>
public sealed class IdentityEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ApiClient Api => fixture.Server.Api;

    private static string UniqueName() => "app-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Create_Defaults_TtlTwoHoursAndGetListFindIt()
    {
        var name = UniqueName();
        var created = (await Api.PostAsync("/api/v1/identities", new { name })).ShouldBe(HttpStatusCode.OK).Body["identity"]!;
        var id = created["id"]!.GetValue<string>();

        Assert.Equal(name, created["name"]!.GetValue<string>());
        Assert.Equal(7200, created["accessTokenTTL"]!.GetValue<int>());
        Assert.True(Guid.TryParse(created["clientId"]!.GetValue<string>(), out _));
        var got = (await Api.GetAsync($"/api/v1/identities/{id}")).ShouldBe(HttpStatusCode.OK).Body["identity"]!;
        Assert.Equal(name, got["name"]!.GetValue<string>());
        var list = (await Api.GetAsync("/api/v1/identities")).ShouldBe(HttpStatusCode.OK).Body["identities"]!.AsArray();
        Assert.Contains(list, i => i!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Create_DuplicateName_Is409()
    {
        var name = UniqueName();
        (await Api.PostAsync("/api/v1/identities", new { name })).ShouldBe(HttpStatusCode.OK);

        var again = await Api.PostAsync("/api/v1/identities", new { name, accessTokenTTL = 600 });

        again.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":" padded"}""", "name")]
    [InlineData("""{}""", "name")]
    [InlineData("""{"name":"ok","accessTokenTTL":59}""", "accessTokenTTL")]
    [InlineData("""{"name":"ok","accessTokenTTL":2592001}""", "accessTokenTTL")]
    [InlineData("""{"name":"ok","role":"admin"}""", "role")]
    public async Task Create_BadBody_Is400NamingTheField(string body, string field)
    {
        var before = (await Api.GetAsync("/api/v1/identities")).Body["identities"]!.AsArray().Count;

        var response = await Api.PostRawAsync("/api/v1/identities", body);

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.Equal(before, (await Api.GetAsync("/api/v1/identities")).Body["identities"]!.AsArray().Count);
    }

    [Fact]
    public async Task ClientSecret_Create_ShowsSecretOnceAndListsWithoutIt()
    {
        var id = await CreateIdentityAsync();

        var created = (await Api.PostAsync($"/api/v1/identities/{id}/universal-auth/client-secrets",
            new { description = "ci", ttlSeconds = 3600, trustedIps = new[] { "127.0.0.1", "10.0.0.0/8" } })).ShouldBe(HttpStatusCode.OK).Body;
        var secret = created["clientSecret"]!.GetValue<string>();
        var secretId = created["clientSecretId"]!.GetValue<string>();

        Assert.Equal(64, secret.Length);
        Assert.Equal(["127.0.0.1/32", "10.0.0.0/8"], created["clientSecretData"]!["trustedIps"]!.AsArray().Select(n => n!.GetValue<string>()));
        var list = await Api.GetAsync($"/api/v1/identities/{id}/universal-auth/client-secrets");
        list.ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(secret, list.Text, StringComparison.Ordinal);
        Assert.Equal(secretId, list.Body["clientSecretData"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(secret[..4], list.Body["clientSecretData"]!.AsArray().Single()!["clientSecretPrefix"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"ttlSeconds":10}""", "ttlSeconds")]
    [InlineData("""{"trustedIps":["10.0.0.1/8"]}""", "trustedIps[0]")]
    [InlineData("""{"trustedIps":["not-an-ip"]}""", "trustedIps[0]")]
    [InlineData("""{"trustedIps":"10.0.0.0/8"}""", "trustedIps")]
    [InlineData("""{"numUsesLimit":3}""", "numUsesLimit")]
    public async Task ClientSecret_BadBody_Is400AndAddsNothing(string body, string field)
    {
        var id = await CreateIdentityAsync();

        var response = await Api.PostRawAsync($"/api/v1/identities/{id}/universal-auth/client-secrets", body);

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor(field));
        var list = (await Api.GetAsync($"/api/v1/identities/{id}/universal-auth/client-secrets")).Body["clientSecretData"]!.AsArray();
        Assert.Empty(list);
    }

    [Fact]
    public async Task ClientSecret_UnknownIdentity_Is404()
    {
        var response = await Api.PostAsync($"/api/v1/identities/{Guid.NewGuid()}/universal-auth/client-secrets", new { });

        response.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClientSecret_Delete_RemovesItAndSecondDeleteIs404()
    {
        var id = await CreateIdentityAsync();
        var secretId = (await Api.PostAsync($"/api/v1/identities/{id}/universal-auth/client-secrets", new { })).Body["clientSecretId"]!.GetValue<string>();

        (await Api.DeleteAsync($"/api/v1/identities/{id}/universal-auth/client-secrets/{secretId}")).ShouldBe(HttpStatusCode.OK);

        (await Api.DeleteAsync($"/api/v1/identities/{id}/universal-auth/client-secrets/{secretId}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty((await Api.GetAsync($"/api/v1/identities/{id}/universal-auth/client-secrets")).Body["clientSecretData"]!.AsArray());
    }

    [Fact]
    public async Task Delete_Identity_GoneAndSecondDeleteIs404()
    {
        var id = await CreateIdentityAsync();

        (await Api.DeleteAsync($"/api/v1/identities/{id}")).ShouldBe(HttpStatusCode.OK);

        (await Api.GetAsync($"/api/v1/identities/{id}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.DeleteAsync($"/api/v1/identities/{id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<string> CreateIdentityAsync() =>
        (await Api.PostAsync("/api/v1/identities", new { name = UniqueName() })).ShouldBe(HttpStatusCode.OK).Body["identity"]!["id"]!.GetValue<string>();
}
