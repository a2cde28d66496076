using Azure.Identity;
using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;

namespace Keyturn.Providers.AzureClientSecret;

/// <summary>
/// Rotates an Entra app registration's client secrets (dual-phase: two Keyturn-made password credentials with
/// overlapping validity). Only credentials whose display name carries Keyturn's label are ever removed, and the one secret
/// made by hand that a rotation was told to adopt (existingClientSecretId).
/// </summary>
public sealed class AzureClientSecretProvider(AzureCredentials credentials, AzureHttpTransport transport) : RotationProvider<AzureClientSecretParameters>
{
    public const string TypeName = "azure-client-secret";
    private const string ClientIdOutput = "clientId";
    private const string ClientSecretOutput = "clientSecret";
    private const string KeyIdOutput = "keyId";

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, AzureConnectionHandler.AppName, RotationShape.Additive, MaxSlots: 2,
        "Client secrets of an Entra app registration: a new secret is added next to the active one, verified by signing in, then mapped; the previous one stays valid until the next rotation.",
        AzureClientSecretParameters.Specs,
        [new OutputSpec(ClientIdOutput, "The app's client id."), new OutputSpec(ClientSecretOutput, "The new client secret.")]);

    protected override AzureClientSecretParameters? Parse(ParameterReader reader) => AzureClientSecretParameters.Parse(reader);

    protected override RotationPlan Plan(AzureClientSecretParameters parameters) =>
        new(Descriptor.MaxSlots, Descriptor.Outputs) { AdoptedCredentialId = parameters.ExistingClientSecretId?.ToString() };

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var target = ParametersOf(request.Context);
        return await WithGraphAsync(request.Context, async graph =>
        {
            // Check the pair first: adding a secret to one app while verifying against another would fail late and leave work to undo.
            var app = await graph.GetApplicationAsync(target.ObjectId, cancellationToken);
            if (app.Error is { } readError)
            {
                return ProviderResult<IssuedCredential>.Fail(Failure($"Reading application {target.ObjectId} failed: {readError}", readError));
            }

            if (!string.Equals(app.Value!.AppId, target.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                return ProviderResult<IssuedCredential>.Fail($"Application {target.ObjectId} has client id {app.Value.AppId}, not {target.ClientId}.");
            }

            // Checked before the first change: adopting a key id the app does not have would leave a slot pointing at nothing.
            if (request.IsCreate && target.ExistingClientSecretId is { } adopted && app.Value.PasswordCredentials.All(p => p.KeyId != adopted))
            {
                return ProviderResult<IssuedCredential>.Fail(
                    $"parameters.existingClientSecretId: application {target.ObjectId} has no client secret with key id {adopted}; nothing was changed.");
            }

            var added = await graph.AddPasswordAsync(target.ObjectId, request.Label, request.ExpiresAt, cancellationToken);
            if (added.Error is { } addError)
            {
                return ProviderResult<IssuedCredential>.Fail(Failure($"addPassword failed: {addError}", addError));
            }

            var credential = added.Value!;
            if (string.IsNullOrEmpty(credential.SecretText))
            {
                return ProviderResult<IssuedCredential>.Fail("addPassword answered without secretText.");
            }

            var values = new Dictionary<string, string>
            {
                [ClientIdOutput] = target.ClientId,
                [ClientSecretOutput] = credential.SecretText,
                [KeyIdOutput] = credential.KeyId.ToString(),
            };
            // An adopted secret's end date is known only here, from the app just read; the expiry scan warns about it too.
            var adoptedEnd = request.IsCreate && target.ExistingClientSecretId is { } adoptedId
                ? app.Value.PasswordCredentials.FirstOrDefault(p => p.KeyId == adoptedId)?.EndDateTime
                : null;
            return ProviderResult<IssuedCredential>.Ok(new IssuedCredential(credential.KeyId.ToString(), values, credential.EndDateTime) { AdoptedExpiresAt = adoptedEnd });
        }, cancellationToken);
    }

    public override async Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        var config = AzureConnectionConfig.FromJson(request.Context.Connection.Configuration);
        var values = request.Credential.Values;
        try
        {
            var credential = credentials.Create(config, values[ClientIdOutput], values[ClientSecretOutput]);
            await credential.GetTokenAsync(new global::Azure.Core.TokenRequestContext([config.GraphScope]), cancellationToken);
            return ProviderResult<Verification>.Ok(Verification.Proven);
        }
        catch (AuthenticationFailedException e)
        {
            // A secret Entra has not replicated yet is refused exactly like a wrong one; only time tells them apart.
            return ProviderResult<Verification>.Fail(EntraErrors.Failure(e, EntraErrors.MayBePropagation(e)));
        }
    }

    public override async Task<ProviderResult<bool>> RevokeAsync(RevokeRequest request, CancellationToken cancellationToken)
    {
        var target = ParametersOf(request.Context);
        if (!Guid.TryParse(request.CredentialId, out var keyId))
        {
            return ProviderResult<bool>.Fail($"'{request.CredentialId}' is not an Azure key id.");
        }

        return await WithGraphAsync(request.Context, async graph =>
        {
            var before = await graph.GetApplicationAsync(target.ObjectId, cancellationToken);
            if (before.Error is { } readError)
            {
                return ProviderResult<bool>.Fail(Failure($"Reading application {target.ObjectId} failed: {readError}", readError));
            }

            var removed = await graph.RemovePasswordIfPresentAsync(before.Value!, keyId, cancellationToken);
            return removed.Error is { } error
                ? ProviderResult<bool>.Fail(Failure($"removePassword failed: {error}", error))
                : ProviderResult<bool>.Ok(true);
        }, cancellationToken);
    }

    public override async Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListManagedAsync(ListManagedRequest request, CancellationToken cancellationToken)
    {
        var target = ParametersOf(request.Context);
        return await WithGraphAsync(request.Context, async graph =>
        {
            var app = await graph.GetApplicationAsync(target.ObjectId, cancellationToken);
            if (app.Error is { } error)
            {
                return ProviderResult<IReadOnlyList<ManagedCredential>>.Fail(Failure($"Reading application {target.ObjectId} failed: {error}", error));
            }

            // An empty prefix asks for every credential, including those without a display name.
            return ProviderResult<IReadOnlyList<ManagedCredential>>.Ok(app.Value!.Labelled(request.LabelPrefix.Length == 0 ? null : request.LabelPrefix));
        }, cancellationToken);
    }

    /// <summary>Runs Graph calls as the connection's app; a refused connection token becomes a failure value.</summary>
    private Task<ProviderResult<T>> WithGraphAsync<T>(ProviderContext context, Func<GraphClient, Task<ProviderResult<T>>> action, CancellationToken cancellationToken) =>
        GraphCall.RunAsync(credentials, transport, context, action, cancellationToken);

    private static ProviderError Failure(string message, GraphError error) => GraphCall.Failure(message, error);
}
