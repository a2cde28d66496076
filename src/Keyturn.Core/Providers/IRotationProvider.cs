using System.Text.Json;
using Keyturn.Core.Results;

namespace Keyturn.Core.Providers;

/// <summary>
/// A rotation provider knows only its target: how to issue, verify, revoke and list credentials there.
/// The engine owns the journal, retries of verification, leases, the secrets mapping and notifications.
/// </summary>
public interface IRotationProvider
{
    /// <summary>The rotation type in the API path, e.g. "azure-client-secret".</summary>
    string Type { get; }

    /// <summary>The app connection family this provider acts with, e.g. "azure".</summary>
    string ConnectionApp { get; }

    /// <summary>Credential slots: 2 for dual-phase types (overlapping validity), 1 for single-phase.</summary>
    int SlotCount { get; }

    /// <summary>Names of the values an issued credential carries; a secrets mapping must map exactly these.</summary>
    IReadOnlyList<string> Outputs { get; }

    /// <summary>Checks the parameters' shape without any call to the target; field names are relative to "parameters".</summary>
    ValidationErrors ValidateParameters(JsonElement parameters);

    /// <summary>Creates a new credential labelled with <see cref="IssueRequest.Label"/>.</summary>
    Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Proves the credential works against the target once. A failure that may be propagation delay is Transient;
    /// the engine retries within its bounded verify window.
    /// </summary>
    Task<ProviderResult<bool>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken);

    /// <summary>Revokes a credential. Must succeed when the credential is already gone (idempotent).</summary>
    Task<ProviderResult<bool>> RevokeAsync(RevokeRequest request, CancellationToken cancellationToken);

    /// <summary>Credentials at the target whose label starts with the prefix (for recovery and reconcile).</summary>
    Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListManagedAsync(ListManagedRequest request, CancellationToken cancellationToken);
}
