using Keyturn.Core.Providers;

namespace Keyturn.Providers.AzureClientSecret;

/// <summary>
/// Which app registration to rotate: its object id (for Graph calls) and client id (for verifying); optionally the key
/// id of a secret made by hand that consumers use today, which Keyturn takes over and retires at the first rotation.
/// </summary>
public sealed record AzureClientSecretParameters(string ObjectId, string ClientId, string? AppName, Guid? ExistingClientSecretId = null)
{
    public static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.Guid("objectId", required: true, "Object id of the app registration whose client secrets are rotated."),
        ParameterSpec.Guid("clientId", required: true, "Client (application) id of the same app; the new secret is verified by signing in as it."),
        ParameterSpec.String("appName", required: false, "must be at most 256 characters", "The app's display name, for people reading the rotation.", changeable: true),
        ParameterSpec.Guid("existingClientSecretId", required: false,
            "Key id of a client secret made outside Keyturn that consumers use today: it stays valid until the first rotation after create, which revokes it. The create checks that the app has it."),
    ];

    public static AzureClientSecretParameters? Parse(ParameterReader reader)
    {
        var objectId = reader.Guid("objectId");
        var clientId = reader.Guid("clientId");
        var appName = reader.String("appName");
        var existing = reader.Guid("existingClientSecretId");
        if (appName is { Length: > 256 })
        {
            reader.Errors.Add("appName", "must be at most 256 characters");
        }

        return objectId is null || clientId is null ? null : new AzureClientSecretParameters(objectId.Value.ToString(), clientId.Value.ToString(), appName, existing);
    }
}
