using Keyturn.Core.Providers;

namespace Keyturn.Providers.AzureClientSecret;

/// <summary>Which app registration to rotate: its object id (for Graph calls) and client id (for verifying).</summary>
public sealed record AzureClientSecretParameters(string ObjectId, string ClientId, string? AppName)
{
    public static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.Guid("objectId", required: true, "Object id of the app registration whose client secrets are rotated."),
        ParameterSpec.Guid("clientId", required: true, "Client (application) id of the same app; the new secret is verified by signing in as it."),
        ParameterSpec.String("appName", required: false, "must be at most 256 characters", "The app's display name, for people reading the rotation.", changeable: true),
    ];

    public static AzureClientSecretParameters? Parse(ParameterReader reader)
    {
        var objectId = reader.Guid("objectId");
        var clientId = reader.Guid("clientId");
        var appName = reader.String("appName");
        if (appName is { Length: > 256 })
        {
            reader.Errors.Add("appName", "must be at most 256 characters");
        }

        return objectId is null || clientId is null ? null : new AzureClientSecretParameters(objectId.Value.ToString(), clientId.Value.ToString(), appName);
    }
}
