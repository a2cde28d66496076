using System.Net;

namespace Keyturn.Core.Identities;

/// <summary>An identity to make, as the API read and checked it (the max TTL at least the TTL).</summary>
public sealed record CreateIdentityCommand(string Name, int AccessTokenTtlSeconds, int AccessTokenMaxTtlSeconds = IdentityLimits.DefaultAccessTokenMaxTtlSeconds);

/// <summary>A client secret to add to an identity; <paramref name="TtlSeconds"/> null means it does not expire.</summary>
public sealed record CreateClientSecretCommand(Guid IdentityId, string? Description, int? TtlSeconds, IReadOnlyList<IPNetwork> TrustedIps);

/// <summary>A universal-auth login: the credentials and the address the request came from (null when unknown).</summary>
public sealed record UniversalAuthLoginCommand(Guid ClientId, string ClientSecret, IPAddress? SourceAddress);

/// <summary>A new client secret with its value: the only time the value is shown.</summary>
public sealed record CreatedClientSecret(Identity Identity, IdentityClientSecret ClientSecret, string Secret);

/// <summary>
/// An access token issued at login or renewed: its value (shown at login and echoed by renew, as Infisical does), how long
/// it lives from now, and the identity's max TTL (how long after login renewals can carry it).
/// </summary>
public sealed record IssuedAccessToken(string Token, int ExpiresInSeconds, DateTimeOffset ExpiresAt, int MaxTtlSeconds);
