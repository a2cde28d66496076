using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Providers;

/// <summary>The options route describes script and rest-api well enough for the CLI to build their create bodies.</summary>
public sealed class LocalRotationOptionsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("script", "script:string:True,interpreter:string[]:False,user:string:False,generatePassword:boolean:False,attachedSecrets:string[]:False,timeoutSeconds:integer:False,outputs:string[]:False,verifyScript:string:False,passwordPolicy:object:False")]
    [InlineData("rest-api", "username:string:False,request:object:True,successStatusCodes:integer[]:False,verify:object:False,passwordPolicy:object:False")]
    public async Task Options_LocalTypes_InPlaceOnTheLocalConnectionWithAPasswordPolicy(string type, string parameters)
    {
        var options = (await fixture.Server.Api.GetAsync("/api/v2/secret-rotations/options")).ShouldBe(HttpStatusCode.OK).Body["secretRotationOptions"]!.AsArray();

        var option = options.Single(o => o!["type"]!.GetValue<string>() == type)!;
        Assert.Equal("local", option["connection"]!.GetValue<string>());
        Assert.Equal("in-place", option["shape"]!.GetValue<string>());
        Assert.Equal(1, option["maxSlots"]!.GetValue<int>());
        Assert.NotNull(option["passwordPolicy"]);
        Assert.Equal(parameters, string.Join(",", option["parameters"]!.AsArray().Select(p =>
            $"{p!["name"]!.GetValue<string>()}:{p["type"]!.GetValue<string>()}:{p["required"]!.GetValue<bool>()}")));
    }
}
