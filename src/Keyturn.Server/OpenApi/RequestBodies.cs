using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Keyturn.Server.OpenApi;

// The request bodies as the OpenAPI document shows them. Handlers parse bodies by hand (JsonBody.ReadCommandAsync and
// the *Requests parsers), so that each 400 names the field and its rule; these records are only the declared shape,
// attached with .Accepts<T>(). OpenApiRequestBodyTests sends every declared field to its route and fails when a parser
// refuses one as unknown, so a field renamed on one side only is caught.

/// <summary>POST /api/v1/projects.</summary>
public sealed record CreateProjectRequest(
    [property: Required, Description("1 to 64 characters.")] string ProjectName,
    [property: Description("Lowercase letters, digits and dashes; made from the name when left out.")] string? Slug = null);

/// <summary>POST and PATCH /api/v3/secrets/raw/{secretName} (Infisical's shape; unknown fields are ignored, not refused).</summary>
public sealed record WriteSecretRequest(
    [property: Required] string SecretValue,
    [property: Description("The project id; may be given in the query string instead.")] string? WorkspaceId = null,
    [property: Description("The environment slug; may be given in the query string instead.")] string? Environment = null,
    [property: Description("The folder, '/' when left out.")] string? SecretPath = null,
    [property: Description("'shared' (the only kind Keyturn keeps).")] string? Type = null);

/// <summary>DELETE /api/v3/secrets/raw/{secretName}: the body is optional; without one the fields come from the query string.</summary>
public sealed record DeleteSecretRequest(string? WorkspaceId = null, string? Environment = null, string? SecretPath = null, string? Type = null);

/// <summary>POST /api/v1/app-connections/{app}.</summary>
public sealed record CreateAppConnectionRequest(
    [property: Required] string Name,
    string? Description = null,
    [property: Description("How the connection signs in, e.g. 'client-secret' for azure (docs/providers).")] string? Method = null,
    [property: Description("The app's secret credentials, e.g. {tenantId, clientId, clientSecret} for azure, {host, port, database, username, password} for postgres (docs/providers). Sealed at rest, never returned.")]
    IReadOnlyDictionary<string, JsonElement>? Credentials = null,
    [property: Description("Azure only: the login, Graph and ARM endpoints, for a sovereign cloud or an emulator (docs/providers/azure-client-secret.md).")]
    IReadOnlyDictionary<string, JsonElement>? Endpoints = null);

/// <summary>PATCH /api/v1/app-connections/{app}/{id}: fields left out keep their values.</summary>
public sealed record UpdateAppConnectionRequest(string? Name = null, string? Description = null, CredentialRotationRequest? CredentialRotation = null);

/// <summary>The schedule of a connection's rotation of its own credential.</summary>
public sealed record CredentialRotationRequest(bool? IsAutoRotationEnabled = null, [property: Description("Days between rotations.")] int? RotationInterval = null, RotateAtUtcRequest? RotateAtUtc = null);

/// <summary>The time of day (UTC) a scheduled rotation runs.</summary>
public sealed record RotateAtUtcRequest([property: Range(0, 23)] int? Hours = null, [property: Range(0, 59)] int? Minutes = null);

/// <summary>POST /api/v2/secret-rotations/{type}.</summary>
public sealed record CreateSecretRotationRequest(
    [property: Required] string Name,
    [property: Required] Guid ProjectId,
    [property: Required, Description("An app connection of the family the type needs (GET /api/v2/secret-rotations/options: connection).")] Guid ConnectionId,
    [property: Required, Description("The environment slug.")] string Environment,
    [property: Required, Description(RotationFieldDocs.Parameters)] IReadOnlyDictionary<string, JsonElement> Parameters,
    [property: Required, Description(RotationFieldDocs.SecretsMapping)] IReadOnlyDictionary<string, string> SecretsMapping,
    string? Description = null,
    [property: Description("The folder, '/' when left out.")] string? SecretPath = null,
    bool? IsDeleteProtected = null,
    bool? IsAutoRotationEnabled = null,
    [property: Description("Days between rotations.")] int? RotationInterval = null,
    RotateAtUtcRequest? RotateAtUtc = null,
    [property: Description("A cron expression (UTC) instead of the interval.")] string? RotationSchedule = null);

/// <summary>
/// The provider-specific fields are plain objects in the document, not a oneOf per type: the types are registered at
/// run time, and GET /api/v2/secret-rotations/options already describes each one's parameters with their rules.
/// </summary>
internal static class RotationFieldDocs
{
    public const string Parameters =
        "The type's own parameters: GET /api/v2/secret-rotations/options lists each type's names, types and rules, docs/providers has a page per type.";

    public const string SecretsMapping = "Each output of the type (options: outputs) to the secret name it is written to.";
}

/// <summary>PATCH /api/v2/secret-rotations/{type}/{id}: fields left out keep their values; projectId, environment, secretPath and type cannot change.</summary>
public sealed record UpdateSecretRotationRequest(
    string? Name = null,
    string? Description = null,
    Guid? ConnectionId = null,
    [property: Description(RotationFieldDocs.Parameters)] IReadOnlyDictionary<string, JsonElement>? Parameters = null,
    [property: Description(RotationFieldDocs.SecretsMapping)] IReadOnlyDictionary<string, string>? SecretsMapping = null,
    [property: Description("With a changed secretsMapping: keep the secrets under their old names instead of deleting them.")] bool? KeepRenamedSecrets = null,
    bool? IsDeleteProtected = null,
    bool? IsAutoRotationEnabled = null,
    int? RotationInterval = null,
    RotateAtUtcRequest? RotateAtUtc = null,
    string? RotationSchedule = null);

/// <summary>POST /api/v1/projects/{projectId}/webhooks.</summary>
public sealed record CreateWebhookRequest(
    [property: Required, Description("An absolute http(s) URL on the server's outbound allow-list.")] string Url,
    [property: Required, Description("Rotation event types (docs/notifications.md).")] IReadOnlyList<string> Events,
    [property: Description("For the upcoming event: how many days before a rotation to remind.")] IReadOnlyList<int>? UpcomingDaysBefore = null,
    [property: Description("'json' (default) or 'slack'.")] string? Format = null,
    string? Description = null);

/// <summary>POST /api/v1/identities.</summary>
public sealed record CreateIdentityRequest(
    [property: Required] string Name,
    [property: Description("Seconds a new access token lives.")] int? AccessTokenTTL = null,
    [property: Description("Seconds past login that renewals can never carry a token.")] int? AccessTokenMaxTTL = null);

/// <summary>POST /api/v1/identities/{id}/universal-auth/client-secrets.</summary>
public sealed record CreateClientSecretRequest(
    string? Description = null,
    [property: Description("Seconds until it expires; never when left out.")] int? TtlSeconds = null,
    [property: Description("IP addresses or CIDR ranges that may log in with it; any when left out.")] IReadOnlyList<string>? TrustedIps = null);

/// <summary>POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets (Infisical's shape; unknown fields are ignored).</summary>
public sealed record InfisicalCreateClientSecretRequest(
    string? Description = null,
    [property: Description("Seconds until it expires; 0 or left out for never.")] int? Ttl = null,
    [property: Description("Must be 0 (unlimited).")] int? NumUsesLimit = null);

/// <summary>POST /api/v1/identities/{id}/grants.</summary>
public sealed record GrantRequest([property: Required, Description("An installation-level grant, e.g. 'connection-admin' (docs/access.md).")] string Grant);

/// <summary>POST /api/v1/projects/{projectId}/memberships.</summary>
public sealed record CreateMembershipRequest(
    [property: Required] Guid IdentityId,
    [property: Required, Description("A project role (docs/access.md).")] string Role,
    [property: Description("Environment slugs the role covers; every environment when left out.")] IReadOnlyList<string>? Environments = null,
    [property: Description("Secret path prefixes the role covers; every path when left out.")] IReadOnlyList<string>? SecretPathPrefixes = null);

/// <summary>POST /api/v1/auth/universal-auth/login.</summary>
public sealed record LoginRequest([property: Required] Guid ClientId, [property: Required] string ClientSecret);

/// <summary>POST /api/v1/auth/token/renew.</summary>
public sealed record RenewTokenRequest([property: Required] string AccessToken);

/// <summary>POST /api/v1/auth/token/revoke: the body is optional; without one the bearer token itself is revoked.</summary>
public sealed record RevokeTokenRequest(string? AccessToken = null);
