namespace Keyturn.Providers.Azure;

/// <summary>The parts of a Graph application that rotation needs.</summary>
public sealed record GraphApplication(string Id, string AppId, string? DisplayName, IReadOnlyList<GraphPasswordCredential> PasswordCredentials)
{
    /// <summary>The password credentials whose display name starts with <paramref name="labelPrefix"/> (all when null).</summary>
    public IReadOnlyList<Core.Providers.ManagedCredential> Labelled(string? labelPrefix) =>
    [
        .. PasswordCredentials
            .Where(p => labelPrefix is null || p.DisplayName?.StartsWith(labelPrefix, StringComparison.Ordinal) == true)
            .Select(p => new Core.Providers.ManagedCredential(p.KeyId.ToString(), p.DisplayName, p.EndDateTime)),
    ];
}

/// <summary>A password credential as Graph lists it; SecretText is only set in addPassword's answer.</summary>
public sealed record GraphPasswordCredential(Guid KeyId, string? DisplayName, string? Hint, DateTimeOffset? StartDateTime, DateTimeOffset? EndDateTime, string? SecretText);
