using Keyturn.Core.Identities;

namespace Keyturn.Server.Views;

/// <summary>The API shapes of identities and client secrets. A client secret's value appears only in the create answer.</summary>
public static class IdentityJson
{
    /// <summary>The identity with its installation-level grants (none given means none held, as right after create).</summary>
    public static MachineIdentityJson Identity(Identity i, IEnumerable<string>? grants = null)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Id, i.Name, i.ClientId, i.AccessTokenTtlSeconds, i.AccessTokenMaxTtlSeconds, i.CreatedAt, [.. grants ?? []]);
    }

    public static ClientSecretJson ClientSecret(IdentityClientSecret s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.IdentityId, s.Prefix, s.Description, s.TrustedIps, s.CreatedAt, s.ExpiresAt);
    }

    /// <summary>Infisical answers with clientId, clientSecret and the secret's data; Keyturn adds clientSecretId at the top level.</summary>
    public static CreatedClientSecretJson Created(CreatedClientSecret c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Identity.ClientId, c.Secret, c.ClientSecret.Id, ClientSecret(c.ClientSecret));
    }

    /// <summary>Infisical's login and renew answer: expiresIn counts from now; renewals never carry a token past login + accessTokenMaxTTL.</summary>
    public static AccessTokenJson Login(IssuedAccessToken t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Token, t.ExpiresInSeconds, t.MaxTtlSeconds, "Bearer");
    }
}

/// <param name="AccessTokenTTL">Seconds a new access token lives.</param>
/// <param name="AccessTokenMaxTTL">Seconds past login that renewals can never carry a token.</param>
/// <param name="Grants">Installation-level grants, e.g. connection-admin.</param>
public sealed record MachineIdentityJson(Guid Id, string Name, Guid ClientId, int AccessTokenTTL, int AccessTokenMaxTTL, DateTimeOffset CreatedAt, IReadOnlyList<string> Grants);

/// <summary>A client secret's data: its prefix, never its value.</summary>
public sealed record ClientSecretJson(
    Guid Id, Guid IdentityId, string ClientSecretPrefix, string? Description, IReadOnlyList<string> TrustedIps, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <param name="ClientSecret">The secret's value: shown in this answer only, never again.</param>
public sealed record CreatedClientSecretJson(Guid ClientId, string ClientSecret, Guid ClientSecretId, ClientSecretJson ClientSecretData);

/// <param name="ExpiresIn">Seconds from now.</param>
public sealed record AccessTokenJson(string AccessToken, int ExpiresIn, int AccessTokenMaxTTL, string TokenType);

/// <summary>`{ "identity": {...} }`.</summary>
public sealed record IdentityEnvelope(MachineIdentityJson Identity);

/// <summary>`{ "identities": [...] }`.</summary>
public sealed record IdentityListEnvelope(IReadOnlyList<MachineIdentityJson> Identities);

/// <summary>`{ "clientSecretData": {...} }`: one client secret (Infisical's envelope).</summary>
public sealed record ClientSecretEnvelope(ClientSecretJson ClientSecretData);

/// <summary>`{ "clientSecretData": [...] }`: an identity's client secrets (Infisical's envelope).</summary>
public sealed record ClientSecretListEnvelope(IReadOnlyList<ClientSecretJson> ClientSecretData);

/// <summary>`{ "grants": [...] }`: the identity's installation-level grants after the change.</summary>
public sealed record GrantListEnvelope(IReadOnlyList<string> Grants);
