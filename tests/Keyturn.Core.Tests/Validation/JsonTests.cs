using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Tests.Validation;

public sealed class JsonTests
{
    private static readonly string[] Allowed = ["name", "slug"];

    [Fact]
    public void RejectUnknown_OnlyAllowedFields_AddsNothing()
    {
        var errors = new ValidationErrors();

        Json.RejectUnknown(Parse("""{"name": "a", "slug": null}"""), Allowed, errors);

        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void RejectUnknown_UnknownFields_NamesEachWithTheAllowedOnes()
    {
        var errors = new ValidationErrors();

        Json.RejectUnknown(Parse("""{"name": "a", "isDeleteProtected": true, "Slug": "b"}"""), Allowed, errors);

        var found = errors.ToDictionary();
        Assert.Equal(["Slug", "isDeleteProtected"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("is not a known field (fields: name, slug)", Assert.Single(found["isDeleteProtected"]));
    }

    [Fact]
    public void RejectUnknown_WithPath_PrefixesTheField()
    {
        var errors = new ValidationErrors();

        Json.RejectUnknown(Parse("""{"minute": 5}"""), ["hours", "minutes"], errors, "rotateAtUtc");

        Assert.Equal(["rotateAtUtc.minute"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void RejectUnknown_NotAnObject_LeavesTheTypeRuleToTheReader()
    {
        var errors = new ValidationErrors();

        Json.RejectUnknown(Parse("[1, 2]"), Allowed, errors);

        Assert.True(errors.IsEmpty);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
