using System.Text.Json;
using Keyturn.Core.Results;

namespace Keyturn.Core.Providers;

/// <summary>
/// A rotation provider knows only its target. The engine owns the journal, generated secrets, retries of
/// verification, leases, the secrets mapping and notifications, and picks the strategy from
/// <see cref="ProviderDescriptor.Shape"/>. Implement it through <see cref="RotationProvider{TParameters}"/>.
/// </summary>
public interface IRotationProvider
{
    ProviderDescriptor Descriptor { get; }

    /// <summary>
    /// Parses and checks the parameters without any call to the target; field names in <paramref name="errors"/> are
    /// relative to "parameters". Returns the provider's typed record, or null when anything is wrong.
    /// </summary>
    object? ParseParameters(JsonElement parameters, ValidationErrors errors);

    /// <summary>Slots and outputs of one rotation, from its parsed parameters.</summary>
    RotationPlan Plan(object parameters);

    /// <summary>
    /// Additive: creates a new credential labelled with <see cref="IssueRequest.Label"/>. Fixed-slot: regenerates or
    /// sets the slot's credential. In-place: sets <see cref="IssueRequest.GeneratedSecret"/>. Returns the credential
    /// with every output value.
    /// </summary>
    Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Proves the credential works against the target once. A failure that may be propagation delay is Transient;
    /// the engine retries within its bounded verify window.
    /// </summary>
    Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken);

    /// <summary>Additive only: revokes a credential. Must succeed when the credential is already gone (idempotent).</summary>
    Task<ProviderResult<bool>> RevokeAsync(RevokeRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Additive only: credentials at the target whose label starts with the prefix (for recovery and reconcile). An empty
    /// prefix means every credential, labelled or not (reconcile reports the ones made outside Keyturn).
    /// </summary>
    Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListManagedAsync(ListManagedRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Types with engine-generated secrets: the credential that setting <paramref name="secret"/> in <paramref name="slot"/>
    /// produces (its outputs), without any call to the target. Recovery verifies a journaled value with it when the
    /// interrupted change cannot be re-applied (the old value that authorised it is already gone).
    /// </summary>
    IssuedCredential CredentialFor(ProviderContext context, int slot, string secret);

    /// <summary>Fixed-slot types whose target generates the value: the slot's current credential, read back.</summary>
    Task<ProviderResult<IssuedCredential>> ReadSlotAsync(ReadSlotRequest request, CancellationToken cancellationToken);
}
