namespace Keyturn.AzureEmulator;

/// <summary>A password credential as Graph lists it: never the secret itself, only its 3-character hint.</summary>
public sealed record PasswordCredentialInfo(Guid KeyId, string? DisplayName, string Hint, DateTimeOffset StartDateTime, DateTimeOffset? EndDateTime);
