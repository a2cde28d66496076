using System.Text.Json;
using Keyturn.Core.Results;

namespace Keyturn.Core.Providers;

/// <summary>
/// Base of every provider: parameters parsed once into <typeparamref name="TParameters"/>, and the calls a shape does
/// not use answered with a failure that names the mistake instead of being left to each provider.
/// </summary>
public abstract class RotationProvider<TParameters> : IRotationProvider
    where TParameters : class
{
    public abstract ProviderDescriptor Descriptor { get; }

    public object? ParseParameters(JsonElement parameters, ValidationErrors errors)
    {
        var local = new ValidationErrors();
        var parsed = Parse(new ParameterReader(parameters, Descriptor.Parameters, local));
        errors.Merge(local);
        return local.IsEmpty ? parsed : null;
    }

    public RotationPlan Plan(object parameters) => Plan((TParameters)parameters);

    /// <summary>Builds the typed record from the reader; report rule violations through <see cref="ParameterReader.Errors"/>.</summary>
    protected abstract TParameters? Parse(ParameterReader reader);

    /// <summary>Default: the descriptor's slots and outputs, whatever the parameters.</summary>
    protected virtual RotationPlan Plan(TParameters parameters) => new(Descriptor.MaxSlots, Descriptor.Outputs);

    /// <summary>The typed parameters of the rotation a call is for.</summary>
    protected static TParameters ParametersOf(ProviderContext context) => (TParameters)context.Parameters;

    public abstract Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken);

    public abstract Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken);

    public virtual Task<ProviderResult<bool>> RevokeAsync(RevokeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<bool>.Fail($"{Descriptor.Type} credentials are replaced in place; there is nothing to revoke."));

    public virtual Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListManagedAsync(ListManagedRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<IReadOnlyList<ManagedCredential>>.Ok([]));

    public virtual IssuedCredential CredentialFor(ProviderContext context, int slot, string secret) =>
        throw new NotSupportedException($"{Descriptor.Type} does not take engine-generated secrets.");

    public virtual Task<ProviderResult<IssuedCredential>> ReadSlotAsync(ReadSlotRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<IssuedCredential>.Fail($"{Descriptor.Type} cannot read a credential back from its target."));
}
