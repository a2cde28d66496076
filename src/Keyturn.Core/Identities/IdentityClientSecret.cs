namespace Keyturn.Core.Identities;

/// <summary>
/// One universal-auth client secret of an identity; only its SHA-256 is stored. <paramref name="Prefix"/> (its first
/// characters) lets an operator tell secrets apart without the value.
/// </summary>
/// <param name="TrustedIps">CIDRs a login with this secret must come from; empty means any address.</param>
public sealed record IdentityClientSecret(
    Guid Id, Guid IdentityId, byte[] Hash, string Prefix, string? Description, IReadOnlyList<string> TrustedIps,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);
