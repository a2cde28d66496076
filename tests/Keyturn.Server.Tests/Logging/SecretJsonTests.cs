using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Server.Tests.Logging;

/// <summary>Which values the recorder counts as secret: what decides whether the log check can miss one or cry wolf.</summary>
public sealed class SecretJsonTests
{
    [Fact]
    public void CollectSealed_StoredCredentialRecord_SecretFieldsOnlyNotItsIdsHostOrUsername()
    {
        var recorder = new SecretValueRecorder();

        recorder.Observed("""
            {"CredentialId":"kt_app_user_2","Values":{"username":"kt_app_user_2","password":"Pa55-word-123","host":"localhost.test",
             "connectionString":"Server=x;Password=Pa55-word-123"},"ExpiresAt":"2026-11-29T13:38:02+00:00"}
            """);

        Assert.Equal(["Pa55-word-123", "Server=x;Password=Pa55-word-123"], recorder.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CollectSealed_PlainValue_RecordedWholeUnlessAnIdOrShort()
    {
        var recorder = new SecretValueRecorder();

        recorder.Observed("https://hooks.example.test/T000/B000/XXXXXXXX");
        recorder.Observed(Guid.NewGuid().ToString());
        recorder.Observed("1234567890");
        recorder.Observed("short");

        Assert.Equal(["https://hooks.example.test/T000/B000/XXXXXXXX"], recorder.Values);
    }

    [Fact]
    public void CollectSealed_UsernameAlsoMappedIntoASecret_NotCountedAsSecret()
    {
        var recorder = new SecretValueRecorder();

        recorder.Observed("kt_app_user_2");
        recorder.Observed("""{"CredentialId":"x","Values":{"username":"kt_app_user_2","password":"Pa55-word-123"}}""");

        Assert.Equal(["Pa55-word-123"], recorder.Values);
    }

    [Fact]
    public void CollectApi_Bodies_SecretFieldsAnywhereButNotASecretsMappingsNames()
    {
        var recorder = new SecretValueRecorder();

        SecretJson.CollectApi("""{"secrets":[{"secretKey":"API_TOKEN_NAME","secretValue":"value-one-1"}]}""", recorder);
        SecretJson.CollectApi("""{"accessToken":"kt_token-value","clientSecret":"cs-value-123","clientId":"client-id-1"}""", recorder);
        SecretJson.CollectApi("""{"secretRotation":{"secretsMapping":{"clientSecret":"AZURE_CLIENT_SECRET"}}}""", recorder);
        SecretJson.CollectApi("not json at all, password=hunter2-long", recorder);

        Assert.Equal(["cs-value-123", "kt_token-value", "value-one-1"], recorder.Values.Order(StringComparer.Ordinal));
    }
}
