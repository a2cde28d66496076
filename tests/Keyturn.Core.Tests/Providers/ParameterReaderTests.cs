using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Tests.Providers;

public sealed class ParameterReaderTests
{
    private static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.Guid("objectId", required: true, "the app"),
        ParameterSpec.String("user", required: false, "a name", "the user"),
        new ParameterSpec("keyNames", "string[]", false, "key1 or key2", "slots"),
        new ParameterSpec("timeoutSeconds", "integer", false, "1 to 600", "timeout"),
    ];

    [Fact]
    public void New_UnknownAndMissingRequired_AreEachNamed()
    {
        var errors = new ValidationErrors();
        _ = new ParameterReader(Parse("""{"objectid": "x", "extra": 1}"""), Specs, errors);
        var found = errors.ToDictionary();
        Assert.Equal(["is not a parameter of this rotation type (parameters: objectId, user, keyNames, timeoutSeconds)"], found["objectid"]);
        Assert.Equal(["is not a parameter of this rotation type (parameters: objectId, user, keyNames, timeoutSeconds)"], found["extra"]);
        Assert.Equal(["is required and must be a GUID"], found["objectId"]);
        Assert.Equal(3, found.Count);
    }

    [Fact]
    public void TypedReads_WrongTypes_NameTheRule()
    {
        var errors = new ValidationErrors();
        var reader = new ParameterReader(Parse("""{"objectId": "not-a-guid", "user": " ", "keyNames": ["key1", 2], "timeoutSeconds": "60"}"""), Specs, errors);
        Assert.Null(reader.Guid("objectId"));
        Assert.Null(reader.String("user"));
        Assert.Null(reader.Strings("keyNames"));
        Assert.Null(reader.Int("timeoutSeconds"));
        var found = errors.ToDictionary();
        Assert.Equal(["must be a GUID"], found["objectId"]);
        Assert.Equal(["must not be empty"], found["user"]);
        Assert.Equal(["must be an array of strings"], found["keyNames"]);
        Assert.Equal(["must be a whole number"], found["timeoutSeconds"]);
    }

    [Fact]
    public void TypedReads_GoodValues_AreReturned()
    {
        var errors = new ValidationErrors();
        var id = Guid.NewGuid();
        var reader = new ParameterReader(Parse($$"""{"objectId": "{{id}}", "user": "svc", "keyNames": ["key1", "key2"], "timeoutSeconds": 60}"""), Specs, errors);
        Assert.Equal(id, reader.Guid("objectId"));
        Assert.Equal("svc", reader.String("user"));
        Assert.Equal(["key1", "key2"], reader.Strings("keyNames"));
        Assert.Equal(60, reader.Int("timeoutSeconds"));
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void Read_UndeclaredName_IsAProviderBug()
    {
        var reader = new ParameterReader(Parse("{}"), Specs, new ValidationErrors());
        Assert.Throws<InvalidOperationException>(() => reader.String("password"));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
