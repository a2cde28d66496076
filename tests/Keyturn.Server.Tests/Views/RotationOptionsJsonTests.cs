using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;
using Keyturn.Server.Views;

namespace Keyturn.Server.Tests.Views;

/// <summary>The options item of a type unlike Azure's: in-place, engine-generated secrets, typed parameters, optional outputs.</summary>
public sealed class RotationOptionsJsonTests
{
    private static readonly ProviderDescriptor InPlace = new(
        "db-user-password", "postgres-server", RotationShape.InPlace, MaxSlots: 1, "A database user's password.",
        [
            ParameterSpec.String("userName", required: true, "must not be empty", "The user."),
            new ParameterSpec("port", "integer", true, "must be 1 to 65535", "Port."),
            new ParameterSpec("tls", "boolean", true, "true or false", "Whether to use TLS."),
            new ParameterSpec("hosts", "string[]", true, "must be host names", "Hosts."),
            new ParameterSpec("options", "object", true, "must be an object", "Options."),
            ParameterSpec.PasswordPolicy("20 characters"),
        ],
        [new OutputSpec("password", "The password.", Required: false), new OutputSpec("userName", "The user.", Required: false)],
        new PasswordPolicy(Length: 20, Symbols: false, ExcludedCharacters: "0O"));

    [Fact]
    public void From_InPlaceType_ShowsPolicyAndTypedTemplate()
    {
        var option = RotationOptionsJson.From(InPlace);

        Assert.Equal("Db User Password", option.Name);
        Assert.Equal("in-place", option.Shape);
        Assert.Equal("postgres-server", option.Connection);
        Assert.Equal(new PasswordPolicyOption(20, true, true, true, false, "0O", "20 characters from lowercase, uppercase, digits, excluding '0O'"), option.PasswordPolicy);
        Assert.Equal(
            """{"parameters":{"userName":"","port":0,"tls":false,"hosts":[],"options":{}},"secretsMapping":{"password":"POSTGRES_SERVER_PASSWORD","userName":"POSTGRES_SERVER_USER_NAME"}}""",
            JsonSerializer.Serialize(option.Template, JsonSerializerOptions.Web));
        Assert.Equal(
            """{"name":"passwordPolicy","type":"object","required":false,"rules":"must be an object with length (12 to 256), lowercase, uppercase, digits, symbols (true or false, at least one true) and excludedCharacters (a string)","description":"How new secrets are generated. Default: 20 characters.","changeable":true}""",
            JsonSerializer.Serialize(option.Parameters[^1], JsonSerializerOptions.Web));
    }

    [Theory]
    [InlineData(RotationShape.Additive, "additive")]
    [InlineData(RotationShape.FixedSlot, "fixed-slot")]
    [InlineData(RotationShape.InPlace, "in-place")]
    public void Shape_EachShape_HasItsApiName(RotationShape shape, string name) => Assert.Equal(name, RotationOptionsJson.Shape(shape));
}
