using System.Text;
using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Providers.Script;

namespace Keyturn.Providers.Tests.Script;

public sealed class KeeperPayloadTests
{
    [Fact]
    public void Build_KeepersKeysInBase64Json_RecordsBase64Too()
    {
        var connection = Guid.NewGuid();
        var rotation = Guid.NewGuid();
        var token = new SiblingSecret(Guid.NewGuid(), "OKTA_API_TOKEN", "tok+&<");

        var (line, records) = KeeperPayload.Build(connection, rotation, "svc", "old", "new+pw", [token]);

        var payload = JsonDocument.Parse(Convert.FromBase64String(line)).RootElement;
        Assert.Equal(connection.ToString(), payload.GetProperty("providerRecordUid").GetString());
        Assert.Equal(rotation.ToString(), payload.GetProperty("resourceRecordUid").GetString());
        Assert.Equal(rotation.ToString(), payload.GetProperty("userRecordUid").GetString());
        Assert.Equal("svc", payload.GetProperty("user").GetString());
        Assert.Equal("old", payload.GetProperty("oldPassword").GetString());
        Assert.Equal("new+pw", payload.GetProperty("newPassword").GetString());
        Assert.Equal(records, payload.GetProperty("records").GetString());
        var record = JsonDocument.Parse(Convert.FromBase64String(records)).RootElement.EnumerateArray().Single();
        Assert.Equal(token.Id.ToString(), record.GetProperty("uid").GetString());
        Assert.Equal("OKTA_API_TOKEN", record.GetProperty("title").GetString());
        Assert.Equal("tok+&<", record.GetProperty("OKTA_API_TOKEN").GetString());
        Assert.Equal("tok+&<", record.GetProperty("password").GetString());
        // Unescaped, so shell scripts that cut fields out with sed see the value itself.
        Assert.Contains("\"newPassword\":\"new+pw\"", Encoding.UTF8.GetString(Convert.FromBase64String(line)));
    }

    [Fact]
    public void Build_NoopMode_LeavesNewPasswordOut()
    {
        var (line, _) = KeeperPayload.Build(Guid.NewGuid(), Guid.NewGuid(), null, null, null, []);

        var payload = JsonDocument.Parse(Convert.FromBase64String(line)).RootElement;
        Assert.False(payload.TryGetProperty("newPassword", out _));
        Assert.Equal("", payload.GetProperty("oldPassword").GetString());
    }
}
