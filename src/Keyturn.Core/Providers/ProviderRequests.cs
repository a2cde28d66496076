using System.Text.Json;

namespace Keyturn.Core.Providers;

/// <summary>What every provider call knows: the connection to act with, the rotation's parameters and its id.</summary>
public sealed record ProviderContext(ConnectionSecret Connection, JsonElement Parameters, Guid RotationId);

/// <param name="Label">A tag for the credential at the target (e.g. display name) carrying rotation and job id, so orphans are findable.</param>
/// <param name="ExpiresAt">When the credential should stop working at the target, where the target supports expiry.</param>
public sealed record IssueRequest(ProviderContext Context, Guid JobId, string Label, DateTimeOffset? ExpiresAt);

public sealed record VerifyRequest(ProviderContext Context, IssuedCredential Credential);

public sealed record RevokeRequest(ProviderContext Context, string CredentialId);

public sealed record ListManagedRequest(ProviderContext Context, string LabelPrefix);

/// <summary>A credential the provider created.</summary>
/// <param name="CredentialId">The target's id for it (e.g. Azure keyId); not secret.</param>
/// <param name="Values">Output name to value (e.g. clientId, clientSecret); mapped into secrets by the engine.</param>
public sealed record IssuedCredential(string CredentialId, IReadOnlyDictionary<string, string> Values, DateTimeOffset? ExpiresAt);

/// <summary>A credential found at the target carrying Keyturn's label.</summary>
public sealed record ManagedCredential(string CredentialId, string? Label, DateTimeOffset? ExpiresAt);
