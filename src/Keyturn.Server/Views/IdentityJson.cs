using Keyturn.Core.Identities;

namespace Keyturn.Server.Views;

/// <summary>The API shapes of identities and client secrets. A client secret's value appears only in the create answer.</summary>
public static class IdentityJson
{
    /// <summary>The identity with its installation-level grants (none given means none held, as right after create).</summary>
    public static object Identity(Identity i, IEnumerable<string>? grants = null) => new
    {
        id = i.Id,
        name = i.Name,
        clientId = i.ClientId,
        accessTokenTTL = i.AccessTokenTtlSeconds,
        accessTokenMaxTTL = i.AccessTokenMaxTtlSeconds,
        createdAt = i.CreatedAt,
        grants = grants ?? [],
    };

    public static object ClientSecret(IdentityClientSecret s) => new
    {
        id = s.Id,
        identityId = s.IdentityId,
        clientSecretPrefix = s.Prefix,
        description = s.Description,
        trustedIps = s.TrustedIps,
        createdAt = s.CreatedAt,
        expiresAt = s.ExpiresAt,
    };

    /// <summary>Infisical answers with clientId, clientSecret and the secret's data; Keyturn adds clientSecretId at the top level.</summary>
    public static object Created(CreatedClientSecret c) => new
    {
        clientId = c.Identity.ClientId,
        clientSecret = c.Secret,
        clientSecretId = c.ClientSecret.Id,
        clientSecretData = ClientSecret(c.ClientSecret),
    };

    /// <summary>Infisical's login and renew answer: expiresIn counts from now; renewals never carry a token past login + accessTokenMaxTTL.</summary>
    public static object Login(IssuedAccessToken t) => new
    {
        accessToken = t.Token,
        expiresIn = t.ExpiresInSeconds,
        accessTokenMaxTTL = t.MaxTtlSeconds,
        tokenType = "Bearer",
    };
}
