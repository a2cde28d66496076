namespace Keyturn.Server.Views;

/// <summary>
/// The answer of GET /api/v1/auth/token/self: who the bearer token is and the server's version. An API token has
/// <see cref="TokenName"/> and no identity; an identity's token has the identity and its grants.
/// </summary>
/// <param name="Kind">"api-token" or "identity".</param>
public sealed record TokenSelfJson(string Kind, string Actor, string? TokenName, TokenIdentityJson? Identity, IReadOnlyList<string> Grants, string ServerVersion);

/// <param name="Name">Null when the identity was deleted after the token was checked.</param>
public sealed record TokenIdentityJson(Guid Id, string? Name, Guid? ClientId);

/// <summary>`{ "message": "..." }`: what the revoke did.</summary>
public sealed record MessageJson(string Message);

/// <param name="Status">"ok" or "unavailable".</param>
public sealed record HealthJson(string Status);
