namespace Keyturn.Providers.Azure;

/// <summary>The parts of a Graph application that rotation needs.</summary>
public sealed record GraphApplication(string Id, string AppId, string? DisplayName, IReadOnlyList<GraphPasswordCredential> PasswordCredentials);

/// <summary>A password credential as Graph lists it; SecretText is only set in addPassword's answer.</summary>
public sealed record GraphPasswordCredential(Guid KeyId, string? DisplayName, string? Hint, DateTimeOffset? StartDateTime, DateTimeOffset? EndDateTime, string? SecretText);
