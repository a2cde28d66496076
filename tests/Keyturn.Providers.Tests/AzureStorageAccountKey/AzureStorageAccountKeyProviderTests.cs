using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Keyturn.AzureEmulator;
using Keyturn.AzureEmulator.ResourceManager;
using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;
using Keyturn.Providers.AzureStorageAccountKey;

namespace Keyturn.Providers.Tests.AzureStorageAccountKey;

/// <summary>The provider contract against the emulator's ARM and blob endpoints over HTTPS, through Azure.Core and Azure.Storage.Blobs.</summary>
public sealed class AzureStorageAccountKeyProviderTests : IAsyncLifetime
{
    private AzureEmulatorHost _emulator = null!;
    private AzureHttpTransport _transport = null!;
    private AzureStorageAccountKeyProvider _provider = null!;

    private EmulatedStorageAccount Account => _emulator.StorageAccount;

    public async Task InitializeAsync()
    {
        _emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);
        _transport = new AzureHttpTransport(new X509Certificate2Collection(_emulator.CaCertificate));
        _provider = new AzureStorageAccountKeyProvider(new AzureCredentials(_transport), _transport);
    }

    public async Task DisposeAsync()
    {
        _transport.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task IssueAsync_SlotOne_RegeneratesKey2Only_AndTheNewKeyVerifies()
    {
        var before = Keys();

        var issued = await _provider.IssueAsync(Issue(Context(["key1", "key2"]), slot: 1), CancellationToken.None);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        var after = Keys();
        Assert.Equal(before["key1"], after["key1"]);
        Assert.NotEqual(before["key2"], after["key2"]);
        Assert.Equal("key2", issued.Value.CredentialId);
        Assert.Equal(after["key2"], issued.Value.Values["accountKey"]);
        Assert.Equal(Account.Name, issued.Value.Values["accountName"]);
        Assert.Equal($"DefaultEndpointsProtocol=https;AccountName={Account.Name};AccountKey={after["key2"]};BlobEndpoint={Account.BlobEndpoint}",
            issued.Value.Values["connectionString"]);
        var verified = await _provider.VerifyAsync(new VerifyRequest(Context(["key1", "key2"]), issued.Value), CancellationToken.None);
        Assert.Equal(Verification.Proven, verified.Value);
    }

    [Fact]
    public async Task ReadSlotAsync_SlotZero_ReturnsCurrentKey1WithoutRegenerating()
    {
        var before = Keys();

        var read = await _provider.ReadSlotAsync(new ReadSlotRequest(Context(["key1", "key2"]), 0), CancellationToken.None);

        Assert.True(read.IsSuccess, read.Error?.Message);
        Assert.Equal(before["key1"], read.Value.Values["accountKey"]);
        Assert.Equal(before, Keys());
        Assert.Equal(0, _emulator.Control.RequestCount("POST", "/regenerateKey"));
    }

    [Fact]
    public async Task VerifyAsync_RegeneratedAwayKey_IsTransientFailureWithoutTheKey()
    {
        var read = await _provider.ReadSlotAsync(new ReadSlotRequest(Context(["key1"]), 0), CancellationToken.None);
        _emulator.Control.RegenerateStorageKey(Account.ResourceGroup, Account.Name, "key1");

        var verified = await _provider.VerifyAsync(new VerifyRequest(Context(["key1"]), read.Value!), CancellationToken.None);

        Assert.False(verified.IsSuccess);
        Assert.True(verified.Error.Transient);
        Assert.Contains("403 AuthenticationFailed", verified.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(read.Value!.Values["accountKey"], verified.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueAndVerify_KerberosKey_ReadsItBackAndIsUnchecked()
    {
        var issued = await _provider.IssueAsync(Issue(Context(["kerb2"]), slot: 0), CancellationToken.None);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.Equal(Keys()["kerb2"], issued.Value.Values["accountKey"]);
        var verified = await _provider.VerifyAsync(new VerifyRequest(Context(["kerb2"]), issued.Value), CancellationToken.None);
        Assert.Equal(Verification.Unchecked, verified.Value);
    }

    [Fact]
    public async Task IssueAsync_WithoutKeyOperatorRole_FailsNotTransientNamingRoleAndChangesNothing()
    {
        _emulator.Control.GrantRole(_emulator.TargetApp.ClientId, Account.ResourceId, StorageRoles.Reader);
        var before = Keys();

        var issued = await _provider.IssueAsync(Issue(Context(["key1", "key2"], _emulator.TargetApp), slot: 1), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.False(issued.Error.Transient);
        Assert.Contains("Storage Account Key Operator Service Role", issued.Error.Message, StringComparison.Ordinal);
        Assert.Contains($"--assignee {_emulator.TargetApp.ClientId} --scope {Account.ResourceId}", issued.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Keys());
    }

    [Fact]
    public async Task ReadSlotAsync_WithoutReadAccess_NamesReader()
    {
        var read = await _provider.ReadSlotAsync(new ReadSlotRequest(Context(["key1"], _emulator.TargetApp), 0), CancellationToken.None);

        Assert.False(read.IsSuccess);
        Assert.False(read.Error.Transient);
        Assert.Contains("AuthorizationFailed", read.Error.Message, StringComparison.Ordinal);
        Assert.Contains("--role \"Reader\"", read.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadSlotAsync_UnknownAccount_NamesSubscriptionGroupAndAccount()
    {
        var read = await _provider.ReadSlotAsync(new ReadSlotRequest(Context(["key1"], accountName: "missingstore"), 0), CancellationToken.None);

        Assert.False(read.IsSuccess);
        Assert.Contains("ResourceNotFound", read.Error.Message, StringComparison.Ordinal);
        Assert.Contains(Account.SubscriptionId, read.Error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Account.ResourceGroup}'", read.Error.Message, StringComparison.Ordinal);
        Assert.Contains("'missingstore'", read.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueAsync_Throttled_IsTransientWithRetryAfterAndChangesNothing()
    {
        // One more 429 than the pipeline's three retries, so the answer reaches the provider.
        _emulator.Control.InjectFault(new FaultRule("POST", "/regenerateKey", 429, RetryAfterSeconds: 1, Times: 4));
        var before = Keys();

        var issued = await _provider.IssueAsync(Issue(Context(["key1", "key2"]), slot: 1), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.True(issued.Error.Transient);
        Assert.Equal(TimeSpan.FromSeconds(1), issued.Error.RetryAfter);
        Assert.Equal(4, _emulator.Control.RequestCount("POST", "/regenerateKey"));
        Assert.Equal(before, Keys());
    }

    private IReadOnlyDictionary<string, string> Keys() => _emulator.Control.StorageKeys(Account.ResourceGroup, Account.Name);

    private static IssueRequest Issue(ProviderContext context, int slot) => new(context, Guid.NewGuid(), slot, "Keyturn test", null);

    private ProviderContext Context(string[] keyNames, EmulatedApp? connectionApp = null, string? accountName = null)
    {
        var app = connectionApp ?? _emulator.AdminApp;
        var config = new AzureConnectionConfig(_emulator.TenantId, app.ClientId, _emulator.AuthorityHost, _emulator.GraphEndpoint)
        {
            ResourceManagerEndpoint = _emulator.ResourceManagerEndpoint,
        };
        var connection = new ConnectionSecret(Guid.NewGuid(), "azure", "client-secret",
            JsonDocument.Parse(config.ToJson()).RootElement.Clone(), JsonSerializer.SerializeToElement(new { clientSecret = app.InitialSecret }));
        var parameters = new AzureStorageAccountKeyParameters(new StorageAccountRef(Account.SubscriptionId, Account.ResourceGroup, accountName ?? Account.Name), keyNames);
        return new ProviderContext(connection, parameters, Guid.NewGuid());
    }
}
