using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Telemetry;

/// <summary>
/// Times every call a provider makes to its target and counts the failures, by type, operation and status. The
/// registry hands out providers wrapped in this, so the engine, recovery and reconcile are all measured in one place
/// and no provider carries metrics code. Calls that never leave the process (parameters, plan) pass straight through.
/// </summary>
internal sealed class MeteredRotationProvider(IRotationProvider inner, KeyturnMetrics metrics) : IRotationProvider
{
    public ProviderDescriptor Descriptor => inner.Descriptor;

    public object? ParseParameters(JsonElement parameters, ValidationErrors errors) => inner.ParseParameters(parameters, errors);

    public RotationPlan Plan(object parameters) => inner.Plan(parameters);

    public IssuedCredential CredentialFor(ProviderContext context, int slot, string secret) => inner.CredentialFor(context, slot, secret);

    public Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken) =>
        TimedAsync("issue", () => inner.IssueAsync(request, cancellationToken));

    public Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken) =>
        TimedAsync("verify", () => inner.VerifyAsync(request, cancellationToken));

    public Task<ProviderResult<bool>> RevokeAsync(RevokeRequest request, CancellationToken cancellationToken) =>
        TimedAsync("revoke", () => inner.RevokeAsync(request, cancellationToken));

    public Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListManagedAsync(ListManagedRequest request, CancellationToken cancellationToken) =>
        TimedAsync("list", () => inner.ListManagedAsync(request, cancellationToken));

    public Task<ProviderResult<IssuedCredential>> ReadSlotAsync(ReadSlotRequest request, CancellationToken cancellationToken) =>
        TimedAsync("read_slot", () => inner.ReadSlotAsync(request, cancellationToken));

    private async Task<ProviderResult<T>> TimedAsync<T>(string operation, Func<Task<ProviderResult<T>>> call)
    {
        var start = metrics.Start();
        var status = ProviderCallStatus.Exception;
        try
        {
            var result = await call();
            status = ProviderCallStatus.Of(result.Error);
            return result;
        }
        catch (OperationCanceledException)
        {
            // The caller gave up (a stop, a timeout of its own): not the provider's failure.
            status = ProviderCallStatus.Cancelled;
            throw;
        }
        finally
        {
            metrics.ProviderCalled(inner.Descriptor.Type, operation, status, metrics.Elapsed(start));
        }
    }
}
