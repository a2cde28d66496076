using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests;

public sealed class ParamValuesTests
{
    private static readonly RotationTypeOption Db = RotationTypeOption.ListFrom(JsonNode.Parse(RotationTypes.Body)!).Single(t => t.Type == "db-password");

    [Fact]
    public void Convert_EachDeclaredType_BecomesItsJsonType()
    {
        var parameters = ParamValues.Convert(
        [
            Pair("user", "app=1"), Pair("port", "-5432"), Pair("tls", "True"), Pair("hosts", "a, b,,c"), Pair("hosts", "d"),
            Pair("ports", "1,2"), Pair("passwordPolicy", """{"length": 40, "symbols": false}"""),
        ], Db);

        Assert.Equal(
            """{"user":"app=1","port":-5432,"tls":true,"hosts":["a","b","c","d"],"ports":[1,2],"passwordPolicy":{"length":40,"symbols":false}}""",
            parameters.ToJsonString());
    }

    [Theory]
    [InlineData("tenant", "x", "--param: 'tenant' is not a parameter of db-password (parameters: user, port, tls, hosts, ports, passwordPolicy)")]
    [InlineData("port", "80a", "--param port: '80a' is not a whole number")]
    [InlineData("ports", "1,x", "--param ports: 'x' is not a whole number")]
    [InlineData("tls", "yes", "--param tls: 'yes' is not true or false")]
    [InlineData("passwordPolicy", "[1]", "--param passwordPolicy: expects a JSON object such as {\"length\": 32}")]
    [InlineData("passwordPolicy", "{\"length\": ", "--param passwordPolicy: not valid JSON (line 1, byte 12)")]
    public void Convert_BadValue_IsUsageErrorNamingTheParameter(string name, string value, string message)
    {
        var error = Assert.Throws<UsageException>(() => ParamValues.Convert([Pair(name, value)], Db));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Convert_SingleValueGivenTwice_IsUsageError()
    {
        var error = Assert.Throws<UsageException>(() => ParamValues.Convert([Pair("user", "a"), Pair("user", "b")], Db));

        Assert.Equal("--param user: given more than once (it is a single string)", error.Message);
    }

    private static KeyValuePair<string, string> Pair(string name, string value) => KeyValuePair.Create(name, value);
}
