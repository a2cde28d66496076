using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>GET /api/v2/secret-rotations/options: every registered type, described well enough to build a create body.</summary>
public sealed class SecretRotationOptionsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/api/v2/secret-rotations/options";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Options_WithToken_DescribesAzureClientSecret()
    {
        var options = (await Server.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK).Body["secretRotationOptions"]!.AsArray();

        var azure = Assert.Single(options, o => o!["type"]!.GetValue<string>() == "azure-client-secret")!;
        Assert.Equal(
            ["connection", "description", "maxSlots", "name", "outputs", "parameters", "passwordPolicy", "shape", "template", "type"],
            azure.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Azure Client Secret", azure["name"]!.GetValue<string>());
        Assert.Equal("azure-client-secret", azure["type"]!.GetValue<string>());
        Assert.Equal("azure", azure["connection"]!.GetValue<string>());
        Assert.Equal("additive", azure["shape"]!.GetValue<string>());
        Assert.Equal(2, azure["maxSlots"]!.GetValue<int>());
        Assert.StartsWith("Client secrets of an Entra app registration", azure["description"]!.GetValue<string>());
        Assert.Null(azure["passwordPolicy"]);
        Assert.Equal(
            """{"name":"objectId","type":"guid","required":true,"rules":"must be a GUID","description":"Object id of the app registration whose client secrets are rotated.","changeable":false}""",
            azure["parameters"]![0]!.ToJsonString());
        Assert.Equal(["objectId:guid:True:False", "clientId:guid:True:False", "appName:string:False:True", "existingClientSecretId:guid:False:False"], azure["parameters"]!.AsArray().Select(Describe));
        Assert.Equal(
            """[{"name":"clientId","description":"The app\u0027s client id.","required":true},{"name":"clientSecret","description":"The new client secret.","required":true}]""",
            azure["outputs"]!.ToJsonString());
        Assert.Equal(
            """{"parameters":{"objectId":"","clientId":""},"secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"AZURE_CLIENT_SECRET"}}""",
            azure["template"]!.ToJsonString());
    }

    [Theory]
    [InlineData("postgres-credentials", "postgres")]
    [InlineData("mysql-credentials", "mysql")]
    public async Task Options_WithToken_DescribesDatabaseCredentials(string type, string connection)
    {
        var options = (await Server.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK).Body["secretRotationOptions"]!.AsArray();

        var option = Assert.Single(options, o => o!["type"]!.GetValue<string>() == type)!;
        Assert.Equal(connection, option["connection"]!.GetValue<string>());
        Assert.Equal("fixed-slot", option["shape"]!.GetValue<string>());
        Assert.Equal(2, option["maxSlots"]!.GetValue<int>());
        Assert.NotNull(option["passwordPolicy"]);
        Assert.Equal(["username1:string:True:False", "username2:string:True:False", "passwordPolicy:object:False:True"], option["parameters"]!.AsArray().Select(Describe));
        Assert.Equal(["username", "password", "host", "port", "database"], option["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Contains("\"parameters\":{\"username1\":\"\",\"username2\":\"\"}", option["template"]!.ToJsonString());
    }

    [Fact]
    public async Task Options_WithoutToken_Is401()
    {
        var response = await Server.Api.SendAsync(HttpMethod.Get, Path, null, noToken: true);

        response.ShouldBe(HttpStatusCode.Unauthorized);
        Assert.Null(response.Json?["secretRotationOptions"]);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheOptionsAnswer()
    {
        var document = (await Server.Api.GetAsync("/openapi/v1.json")).ShouldBe(HttpStatusCode.OK).Body;

        var answer = document["paths"]![Path]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        var envelope = document["components"]!["schemas"]![answer.Split('/')[^1]]!;
        Assert.NotNull(envelope["properties"]!["secretRotationOptions"]);
        var option = document["components"]!["schemas"]!["SecretRotationOption"]!["properties"]!.AsObject();
        Assert.Contains("template", option.Select(p => p.Key));
        Assert.Contains("parameters", option.Select(p => p.Key));
    }

    private static string Describe(JsonNode? p) =>
        $"{p!["name"]}:{p["type"]}:{p["required"]!.GetValue<bool>()}:{p["changeable"]!.GetValue<bool>()}";
}
