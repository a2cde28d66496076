namespace Keyturn.Providers.Azure;

/// <summary>The parts of a Graph user that password rotation needs.</summary>
public sealed record GraphUser(string Id, string UserPrincipalName, string? DisplayName, bool? AccountEnabled);
