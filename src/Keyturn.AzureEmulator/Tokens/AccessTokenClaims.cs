namespace Keyturn.AzureEmulator.Tokens;

/// <summary>The claims the emulator puts in (and reads back from) its app-only access tokens.</summary>
internal sealed record AccessTokenClaims(
    string Audience,
    string TenantId,
    string AppId,
    string ObjectId,
    IReadOnlyList<string> Roles,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
