using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Providers.AzureStorageAccountKey;

namespace Keyturn.Providers.Tests.AzureStorageAccountKey;

public sealed class AzureStorageAccountKeyParametersTests
{
    private const string Subscription = "6f1c2a53-0d7b-4c39-9a51-3f1e8f0b2c11";

    [Theory]
    [InlineData("""["key1","key2"]""", 2)]
    [InlineData("""["key2","key1"]""", 2)]
    [InlineData("""["key1"]""", 1)]
    [InlineData("""["kerb2"]""", 1)]
    public void Parse_ValidKeyNames_PlansOneSlotPerKey(string keyNames, int slots)
    {
        var errors = new ValidationErrors();

        var parsed = Parse($$"""{"subscriptionId":"{{Subscription}}","resourceGroup":"rg-orders","accountName":"ordersstore","keyNames":{{keyNames}}}""", errors);

        Assert.True(errors.IsEmpty, errors.Summary());
        Assert.Equal(slots, Provider.Plan(parsed!).SlotCount);
    }

    [Theory]
    [InlineData("""["kerb1","kerb2"]""")]
    [InlineData("""["key1","kerb1"]""")]
    [InlineData("""["key2","key2"]""")]
    [InlineData("""["key1","key2","kerb1"]""")]
    [InlineData("""[]""")]
    [InlineData("""["KEY1"]""")]
    [InlineData("\"key1\"")]
    public void Parse_BadKeyNames_NamesTheField(string keyNames)
    {
        var errors = new ValidationErrors();

        Assert.Null(Parse($$"""{"subscriptionId":"{{Subscription}}","resourceGroup":"rg","accountName":"abc","keyNames":{{keyNames}}}""", errors));
        Assert.Contains("keyNames", errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("accountName", "\"ab\"")]
    [InlineData("accountName", "\"Upper1\"")]
    [InlineData("accountName", "\"abcdefghijklmnopqrstuvwxy\"")]
    [InlineData("resourceGroup", "\"rg.\"")]
    [InlineData("resourceGroup", "\"rg/x\"")]
    [InlineData("subscriptionId", "\"sub\"")]
    public void Parse_BadAccountPart_NamesTheField(string field, string value)
    {
        var fields = new Dictionary<string, string>
        {
            ["subscriptionId"] = $"\"{Subscription}\"", ["resourceGroup"] = "\"rg\"", ["accountName"] = "\"abc\"", ["keyNames"] = """["key1"]""",
        };
        fields[field] = value;
        var errors = new ValidationErrors();

        Assert.Null(Parse("{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}", errors));
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    private static readonly AzureStorageAccountKeyProvider Provider = new(null!, null!);

    private static object? Parse(string json, ValidationErrors errors) => Provider.ParseParameters(JsonDocument.Parse(json).RootElement, errors);
}
