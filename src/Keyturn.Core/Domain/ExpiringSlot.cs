namespace Keyturn.Core.Domain;

/// <summary>A slot whose credential expires soon, as the expiry scan finds it; (ExpiresAt, RotationId, Index) is the page cursor.</summary>
public sealed record ExpiringSlot(Guid RotationId, int Index, string CredentialId, DateTimeOffset ExpiresAt);
