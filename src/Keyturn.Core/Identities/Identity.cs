namespace Keyturn.Core.Identities;

/// <summary>
/// A machine identity: what an application logs in as. <paramref name="ClientId"/> is the stable public half of its
/// universal-auth credentials (Infisical's clientId); the secret half lives in <see cref="IdentityClientSecret"/>.
/// </summary>
/// <param name="AccessTokenTtlSeconds">How long an access token issued at login lives.</param>
public sealed record Identity(Guid Id, string Name, Guid ClientId, int AccessTokenTtlSeconds, DateTimeOffset CreatedAt);
