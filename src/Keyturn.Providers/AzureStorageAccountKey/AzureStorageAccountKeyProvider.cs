using Azure.Identity;
using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;
using Keyturn.Providers.Failures;

namespace Keyturn.Providers.AzureStorageAccountKey;

/// <summary>
/// Rotates storage account keys through Azure Resource Manager (fixed-slot, target-generated). A create adopts the
/// first key's current value, so consumers already using it are undisturbed; each rotation regenerates the other
/// key and maps it, so the previous one stays valid until the next rotation (dual-phase), or, with one key name,
/// regenerates that key itself (single-phase).
/// </summary>
public sealed class AzureStorageAccountKeyProvider(AzureCredentials credentials, AzureHttpTransport transport) : RotationProvider<AzureStorageAccountKeyParameters>
{
    public const string TypeName = "azure-storage-account-key";
    private const string AccountNameOutput = "accountName";
    private const string AccountKeyOutput = "accountKey";
    private const string ConnectionStringOutput = "connectionString";
    private const string KeyNameValue = "keyName";
    private const string BlobEndpointValue = "blobEndpoint";

    private readonly SharedKeyProbe _probe = new(transport);

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, AzureConnectionHandler.AppName, RotationShape.FixedSlot, MaxSlots: 2,
        "Storage account keys: create adopts the first key as it is; each rotation regenerates the other key through Azure Resource Manager, " +
        "verifies it with a Shared Key request, then maps it, so the previous key stays valid until the next rotation.",
        AzureStorageAccountKeyParameters.Specs,
        [
            new OutputSpec(AccountNameOutput, "The storage account's name.", Required: false),
            new OutputSpec(AccountKeyOutput, "The active account key.", Required: false),
            new OutputSpec(ConnectionStringOutput, "A connection string with the active key.", Required: false),
        ])
    {
        AdoptsCurrentOnCreate = true,
    };

    protected override AzureStorageAccountKeyParameters? Parse(ParameterReader reader) => AzureStorageAccountKeyParameters.Parse(reader);

    protected override RotationPlan Plan(AzureStorageAccountKeyParameters parameters) => new(parameters.KeyNames.Count, Descriptor.Outputs);

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var target = ParametersOf(request.Context);
        var keyName = target.KeyNames[request.Slot];
        return await WithArmAsync(request.Context, async (arm, clientId) =>
        {
            // Read the account first: a missing account or role fails here, before anything changes.
            var account = await arm.GetStorageAccountAsync(target.Account, cancellationToken);
            if (account.Error is { } readError)
            {
                return ProviderResult<IssuedCredential>.Fail(ArmFailures.Describe("GET", readError, target.Account, clientId));
            }

            var regenerated = await arm.RegenerateKeyAsync(target.Account, keyName, cancellationToken);
            if (regenerated.Error is { } error)
            {
                return ProviderResult<IssuedCredential>.Fail(ArmFailures.Describe("regenerateKey", error, target.Account, clientId));
            }

            // ARM may list Kerberos keys only when asked with $expand=kerb: read the key back when the answer lacks it.
            var key = regenerated.Value!.FirstOrDefault(k => k.KeyName == keyName);
            if (key is null)
            {
                return await ReadKeyAsync(arm, target, keyName, account.Value!, clientId, cancellationToken);
            }

            return ProviderResult<IssuedCredential>.Ok(Credential(target, keyName, key.Value, account.Value!.BlobEndpoint));
        }, cancellationToken);
    }

    /// <summary>The slot's current key (adoption at create, recovery after a regenerate): GET the account, then listKeys.</summary>
    public override async Task<ProviderResult<IssuedCredential>> ReadSlotAsync(ReadSlotRequest request, CancellationToken cancellationToken)
    {
        var target = ParametersOf(request.Context);
        var keyName = target.KeyNames[request.Slot];
        return await WithArmAsync(request.Context, async (arm, clientId) =>
        {
            var account = await arm.GetStorageAccountAsync(target.Account, cancellationToken);
            return account.Error is { } error
                ? ProviderResult<IssuedCredential>.Fail(ArmFailures.Describe("GET", error, target.Account, clientId))
                : await ReadKeyAsync(arm, target, keyName, account.Value!, clientId, cancellationToken);
        }, cancellationToken);
    }

    public override async Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        var target = ParametersOf(request.Context);
        var values = request.Credential.Values;
        var keyName = values[KeyNameValue];
        if (!AzureStorageAccountKeyParameters.IsKerberos(keyName) && values.TryGetValue(BlobEndpointValue, out var blob))
        {
            return await _probe.CheckAsync(new Uri(blob), target.Account.AccountName, values[AccountKeyOutput], cancellationToken);
        }

        // Kerberos keys (and accounts without a blob endpoint) cannot sign a data request: the best proof is that ARM
        // lists the same value, which says nothing about whether the key authenticates, hence Unchecked.
        return await WithArmAsync(request.Context, async (arm, clientId) =>
        {
            var keys = await arm.ListKeysAsync(target.Account, includeKerb: true, cancellationToken);
            if (keys.Error is { } error)
            {
                return ProviderResult<Verification>.Fail(ArmFailures.Describe("listKeys", error, target.Account, clientId));
            }

            return keys.Value!.Any(k => k.KeyName == keyName && k.Value == values[AccountKeyOutput])
                ? ProviderResult<Verification>.Ok(Verification.Unchecked)
                : ProviderResult<Verification>.Fail($"listKeys does not show this value for {keyName} of {target.Account}.", transient: true);
        }, cancellationToken);
    }

    private static async Task<ProviderResult<IssuedCredential>> ReadKeyAsync(
        ArmClient arm, AzureStorageAccountKeyParameters target, string keyName, StorageAccountInfo account, string clientId, CancellationToken cancellationToken)
    {
        var keys = await arm.ListKeysAsync(target.Account, AzureStorageAccountKeyParameters.IsKerberos(keyName), cancellationToken);
        if (keys.Error is { } error)
        {
            return ProviderResult<IssuedCredential>.Fail(ArmFailures.Describe("listKeys", error, target.Account, clientId));
        }

        return keys.Value!.FirstOrDefault(k => k.KeyName == keyName) is { } key
            ? ProviderResult<IssuedCredential>.Ok(Credential(target, keyName, key.Value, account.BlobEndpoint))
            : ProviderResult<IssuedCredential>.Fail($"listKeys for {target.Account} returned no key named {keyName}.");
    }

    private static IssuedCredential Credential(AzureStorageAccountKeyParameters target, string keyName, string key, Uri? blobEndpoint)
    {
        var name = target.Account.AccountName;
        var values = new Dictionary<string, string>
        {
            [AccountNameOutput] = name,
            [AccountKeyOutput] = key,
            [ConnectionStringOutput] = StorageConnectionString.For(name, key, blobEndpoint),
            [KeyNameValue] = keyName,
        };
        if (blobEndpoint is not null)
        {
            values[BlobEndpointValue] = blobEndpoint.AbsoluteUri;
        }

        return new IssuedCredential(keyName, values, null);
    }

    /// <summary>Runs ARM calls as the connection's app; a refused connection token or an unreachable ARM becomes a failure value.</summary>
    private async Task<ProviderResult<T>> WithArmAsync<T>(ProviderContext context, Func<ArmClient, string, Task<ProviderResult<T>>> action, CancellationToken cancellationToken)
    {
        var config = AzureConnectionConfig.FromJson(context.Connection.Configuration);
        var credential = credentials.Create(config, config.ClientId, AzureConnectionHandler.ClientSecretOf(context.Connection));
        try
        {
            return await action(new ArmClient(config, credential, transport.Transport), config.ClientId);
        }
        catch (AuthenticationFailedException e)
        {
            return ProviderResult<T>.Fail(EntraErrors.Failure(e, transient: false, "the app connection could not get a token for Azure Resource Manager", $"Entra at {config.AuthorityHost}"));
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException { Status: 0 } or AggregateException && !cancellationToken.IsCancellationRequested)
        {
            // Transport failures after the pipeline's own retries (Azure.Core wraps repeated ones in an AggregateException).
            return ProviderResult<T>.Fail(ProviderFailures.From(e, $"Azure Resource Manager at {config.ResourceManagerEndpoint}", transient: true));
        }
    }
}
