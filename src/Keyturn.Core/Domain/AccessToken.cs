namespace Keyturn.Core.Domain;

/// <summary>An API token; only its SHA-256 hash is stored.</summary>
/// <param name="Scope">What it may do; "admin" for the root token, "identity" for a token issued to a machine identity.</param>
/// <param name="IdentityId">The machine identity it was issued to at login; null for the root token.</param>
public sealed record AccessToken(
    Guid Id, string Name, byte[] Hash, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, Guid? IdentityId = null)
{
    public const string AdminScope = "admin";

    public const string IdentityScope = "identity";
}
