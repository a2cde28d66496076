using System.Text.Json;
using System.Text.Json.Serialization;
using Keyturn.Core.Secrets;

namespace Keyturn.Server.Views;

/// <summary>
/// Infisical's secret shape as a named type rather than an anonymous one: secret reads are the hot path, and a
/// source-generated serializer writes this several times faster than reflection over an anonymous type.
/// </summary>
public sealed record SecretJson(
    Guid Id,
    [property: JsonPropertyName("_id")] Guid LegacyId,
    Guid Workspace,
    string Environment,
    string SecretPath,
    string SecretKey,
    string SecretValue,
    string SecretComment,
    int Version,
    string Type,
    bool IsRotatedSecret,
    Guid? RotationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SecretJson From(SecretView secret) => new(
        secret.Id, secret.Id, secret.ProjectId, secret.Environment, secret.SecretPath, secret.Key, secret.Value, "",
        secret.Version, "shared", secret.OwnerRotationId is not null, secret.OwnerRotationId, secret.CreatedAt, secret.UpdatedAt);
}

/// <summary>`{ "secret": {...} }`, the answer to reading or writing one secret.</summary>
public sealed record SecretEnvelope(SecretJson Secret);

/// <summary>`{ "secrets": [...], "imports": [] }`, the answer to listing a folder.</summary>
public sealed record SecretListEnvelope(IReadOnlyList<SecretJson> Secrets, IReadOnlyList<object> Imports);

/// <summary>Web defaults (camelCase names, the same escaping) so the JSON matches what the anonymous shapes produced.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SecretEnvelope))]
[JsonSerializable(typeof(SecretListEnvelope))]
public sealed partial class SecretJsonContext : JsonSerializerContext;
