namespace Keyturn.Core.Identities;

/// <summary>
/// A machine identity: what an application logs in as. <paramref name="ClientId"/> is the stable public half of its
/// universal-auth credentials (Infisical's clientId); the secret half lives in <see cref="IdentityClientSecret"/>.
/// </summary>
/// <param name="AccessTokenTtlSeconds">How long an access token issued at login lives, and how far each renewal extends it.</param>
/// <param name="AccessTokenMaxTtlSeconds">How long after its login a token can be renewed to live at most (Infisical's accessTokenMaxTTL).</param>
public sealed record Identity(
    Guid Id, string Name, Guid ClientId, int AccessTokenTtlSeconds, DateTimeOffset CreatedAt,
    int AccessTokenMaxTtlSeconds = IdentityLimits.DefaultAccessTokenMaxTtlSeconds);
