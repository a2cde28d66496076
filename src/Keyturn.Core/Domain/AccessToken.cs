namespace Keyturn.Core.Domain;

/// <summary>An API token; only its SHA-256 hash is stored.</summary>
/// <param name="Scope">What it may do; "admin" for the root token.</param>
public sealed record AccessToken(Guid Id, string Name, byte[] Hash, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);
