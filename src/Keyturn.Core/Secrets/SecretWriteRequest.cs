namespace Keyturn.Core.Secrets;

/// <summary>The body of the Infisical-shaped secret write endpoints.</summary>
public sealed record SecretWriteRequest(string? WorkspaceId, string? Environment, string? SecretPath, string? SecretValue, string? Type);
