using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>/api/v1/app-connections/azure: proven on create, never echoing credentials, and guarded while a rotation uses it.</summary>
public sealed class AppConnectionEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/api/v1/app-connections/azure";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_Valid_ReturnsShapeWithoutSecret()
    {
        var name = UniqueName();
        var secret = Server.Emulator.AdminApp.InitialSecret!;

        var response = (await Server.Api.PostAsync(Path, Scenario.ConnectionBody(Server.Emulator, name))).ShouldBe(HttpStatusCode.OK);

        var connection = response.Body["appConnection"]!;
        Assert.Equal(
            ["app", "configuration", "createdAt", "credentialRotation", "credentialsRotatedAt", "description", "id", "method", "name", "nextCredentialRotationAt", "updatedAt"],
            connection.AsObject().Select(p => p.Key).Order());
        Assert.True(Guid.TryParse(connection["id"]!.GetValue<string>(), out _));
        Assert.Equal(name, connection["name"]!.GetValue<string>());
        Assert.Equal("test connection", connection["description"]!.GetValue<string>());
        Assert.Equal("azure", connection["app"]!.GetValue<string>());
        Assert.Equal("client-secret", connection["method"]!.GetValue<string>());
        Assert.DoesNotContain(secret, response.Text);
        Assert.DoesNotContain("clientSecret", response.Text);
    }

    [Fact]
    public async Task Create_WrongSecret_Is400WithEntraCodeAndNoSecret()
    {
        var name = UniqueName();
        const string wrong = "Wrong~Secret~Value~0123456789abcdefXYZ";

        var response = (await Server.Api.PostAsync(Path, Scenario.ConnectionBody(Server.Emulator, name, secret: wrong))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("AADSTS7000215", response.Body["detail"]!.GetValue<string>());
        Assert.DoesNotContain(wrong, response.Text);
        Assert.DoesNotContain(Server.Emulator.AdminApp.InitialSecret!, response.Text);
        Assert.DoesNotContain(await ListedNamesAsync(), n => n == name);
    }

    [Fact]
    public async Task Create_UnknownAppType_Is404()
    {
        (await Server.Api.PostAsync("/api/v1/app-connections/nope", Scenario.ConnectionBody(Server.Emulator))).ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BrokenBodies => new()
    {
        { "missing name", "name" },
        { "bad name", "name" },
        { "certificate method", "method" },
        { "garbage tenantId", "credentials.tenantId" },
        { "clientId not a GUID", "credentials.clientId" },
        { "empty clientSecret", "credentials.clientSecret" },
        { "http authorityHost", "endpoints.authorityHost" },
        { "missing credentials", "credentials" },
        { "unknown field isDeleteProtected", "isDeleteProtected" },
        { "misspelt credentials.tenantID", "credentials.tenantID" },
        { "unknown endpoints.arm", "endpoints.arm" },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task Create_BrokenRule_Is400NamingField(string breakage, string field)
    {
        var body = ValidBody(out var name);
        var credentials = body["credentials"]!.AsObject();
        switch (breakage)
        {
            case "missing name": body.Remove("name"); break;
            case "bad name": body["name"] = name = "Bad Name"; break;
            case "certificate method": body["method"] = "certificate"; break;
            case "garbage tenantId": credentials["tenantId"] = "not a tenant!"; break;
            case "clientId not a GUID": credentials["clientId"] = "my-client"; break;
            case "empty clientSecret": credentials["clientSecret"] = ""; break;
            case "http authorityHost": body["endpoints"]!["authorityHost"] = Server.Emulator.AuthorityHost.AbsoluteUri.Replace("https://", "http://"); break;
            case "missing credentials": body.Remove("credentials"); break;
            case "unknown field isDeleteProtected": body["isDeleteProtected"] = true; break;
            case "misspelt credentials.tenantID": credentials["tenantID"] = credentials["tenantId"]!.GetValue<string>(); break;
            case "unknown endpoints.arm": body["endpoints"]!["arm"] = "https://management.azure.com/"; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage));
        }

        var response = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.DoesNotContain(Server.Emulator.AdminApp.InitialSecret!, response.Text);
        Assert.DoesNotContain(await ListedNamesAsync(), n => n == name);
    }

    [Fact]
    public async Task Create_DuplicateName_Is409()
    {
        var name = UniqueName();
        (await Server.Api.PostAsync(Path, Scenario.ConnectionBody(Server.Emulator, name))).ShouldBe(HttpStatusCode.OK);

        (await Server.Api.PostAsync(Path, Scenario.ConnectionBody(Server.Emulator, name))).ShouldBe(HttpStatusCode.Conflict);

        Assert.Single(await ListedNamesAsync(), n => n == name);
    }

    [Fact]
    public async Task ListGetDelete_Created_RoundTrips()
    {
        var name = UniqueName();
        var id = (await Server.Api.PostAsync(Path, Scenario.ConnectionBody(Server.Emulator, name))).ShouldBe(HttpStatusCode.OK).Body["appConnection"]!["id"]!.GetValue<string>();

        Assert.Contains(await ListedNamesAsync(), n => n == name);
        var got = (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(name, got.Body["appConnection"]!["name"]!.GetValue<string>());
        Assert.DoesNotContain(Server.Emulator.AdminApp.InitialSecret!, got.Text);

        var deleted = (await Server.Api.DeleteAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(id, deleted.Body["appConnection"]!["id"]!.GetValue<string>());
        (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await ListedNamesAsync(), n => n == name);
    }

    [Fact]
    public async Task List_NeverShowsSecrets()
    {
        await Scenario.CreateConnectionAsync(Server);

        var response = (await Server.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK);

        Assert.NotEmpty(response.Body["appConnections"]!.AsArray());
        Assert.DoesNotContain(Server.Emulator.AdminApp.InitialSecret!, response.Text);
    }

    [Fact]
    public async Task Get_Unknown_Is404()
    {
        (await Server.Api.GetAsync($"{Path}/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.GetAsync($"{Path}/not-a-guid")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_UsedByRotation_Is409UntilRotationDeleted()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        (await Server.Api.DeleteAsync($"{Path}/{setup.ConnectionId}")).ShouldBe(HttpStatusCode.Conflict);
        (await Server.Api.GetAsync($"{Path}/{setup.ConnectionId}")).ShouldBe(HttpStatusCode.OK);

        (await Server.Api.DeleteAsync($"{Scenario.RotationsPath}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK);

        (await Server.Api.DeleteAsync($"{Path}/{setup.ConnectionId}")).ShouldBe(HttpStatusCode.OK);
        (await Server.Api.GetAsync($"{Path}/{setup.ConnectionId}")).ShouldBe(HttpStatusCode.NotFound);
    }

    private static string UniqueName() => $"c-{Guid.NewGuid():N}"[..20];

    private JsonObject ValidBody(out string name)
    {
        name = UniqueName();
        return JsonSerializer.SerializeToNode(Scenario.ConnectionBody(Server.Emulator, name))!.AsObject();
    }

    private async Task<List<string>> ListedNamesAsync() =>
        (await Server.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK).Body["appConnections"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
}
