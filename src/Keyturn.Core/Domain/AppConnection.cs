namespace Keyturn.Core.Domain;

/// <summary>Credentials Keyturn uses to act on a provider (e.g. an Azure app that may add passwords to other apps).</summary>
/// <param name="App">Provider family, e.g. "azure".</param>
/// <param name="Method">How it authenticates, e.g. "client-secret".</param>
/// <param name="SealedCredentials">The credentials JSON, sealed with the connections data key.</param>
/// <param name="ConfigurationJson">Non-secret settings (endpoints, tenant, client id) as JSON.</param>
public sealed record AppConnection(
    Guid Id,
    string Name,
    string? Description,
    string App,
    string Method,
    byte[] SealedCredentials,
    string ConfigurationJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The connection's rotation of its own credential (schedule, known credential ids, last outcome).</summary>
    public CredentialRotationState CredentialRotation { get; init; } = CredentialRotationState.Initial(null);
}
