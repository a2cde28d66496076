using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Keyturn.AzureEmulator;
using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;
using Keyturn.Providers.AzureClientSecret;

namespace Keyturn.Providers.Tests.AzureClientSecret;

/// <summary>The provider contract against the real emulator over HTTPS, through the real Azure SDK.</summary>
public sealed class AzureClientSecretProviderTests : IAsyncLifetime
{
    private AzureEmulatorHost _emulator = null!;
    private AzureHttpTransport _transport = null!;
    private AzureClientSecretProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);
        _transport = new AzureHttpTransport(new X509Certificate2Collection(_emulator.CaCertificate));
        _provider = new AzureClientSecretProvider(new AzureCredentials(_transport), _transport);
    }

    public async Task DisposeAsync()
    {
        _transport.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task IssueAsync_Target_AddsLabelledWorkingSecret()
    {
        var app = NewTarget();
        var jobId = Guid.NewGuid();

        var issued = await _provider.IssueAsync(new IssueRequest(Context(app), jobId, 0, $"Keyturn rotation x job {jobId}", TimeProvider.System.GetUtcNow().AddDays(10)), CancellationToken.None);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.Equal(app.ClientId, issued.Value.Values["clientId"]);
        Assert.True(_emulator.Control.Authenticates(app.ClientId, issued.Value.Values["clientSecret"]));
        Assert.Contains(_emulator.Control.ListPasswords(app.ObjectId), p => p.KeyId.ToString() == issued.Value.CredentialId && p.DisplayName!.Contains(jobId.ToString()));
    }

    [Fact]
    public async Task IssueAsync_CreateAdoptingASecret_ReportsTheAdoptedSecretsEndDate()
    {
        var app = _emulator.Control.CreateApplication($"t-{Guid.NewGuid():N}"[..12], [], [_emulator.AdminApp.ObjectId], withInitialSecret: false);
        var end = new DateTimeOffset(2030, 1, 17, 10, 0, 0, TimeSpan.Zero);
        _emulator.Control.AddPassword(app.ObjectId, "made by hand", end);
        var human = Assert.Single(_emulator.Control.ListPasswords(app.ObjectId)).KeyId;
        var context = Context(app) with { Parameters = new AzureClientSecretParameters(app.ObjectId, app.ClientId, null, human) };

        var create = await _provider.IssueAsync(new IssueRequest(context, Guid.NewGuid(), 0, "Keyturn c", null) { IsCreate = true }, CancellationToken.None);
        var rotation = await _provider.IssueAsync(new IssueRequest(context, Guid.NewGuid(), 1, "Keyturn r", null), CancellationToken.None);

        Assert.Equal(end, create.Value!.AdoptedExpiresAt);
        Assert.Null(rotation.Value!.AdoptedExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_ClientIdOfAnotherApp_FailsWithoutAddingAnything()
    {
        var app = NewTarget();
        var other = NewTarget();
        var before = _emulator.Control.ListPasswords(app.ObjectId).Count;

        var issued = await _provider.IssueAsync(new IssueRequest(Context(app, clientId: other.ClientId), Guid.NewGuid(), 0, "Keyturn x", null), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.Contains(other.ClientId, issued.Error.Message);
        Assert.Equal(before, _emulator.Control.ListPasswords(app.ObjectId).Count);
    }

    [Fact]
    public async Task VerifyAsync_WrongSecret_IsTransientFailure()
    {
        var app = NewTarget();
        var credential = new IssuedCredential(Guid.NewGuid().ToString(), new Dictionary<string, string> { ["clientId"] = app.ClientId, ["clientSecret"] = "not-the-secret" }, null);

        var verified = await _provider.VerifyAsync(new VerifyRequest(Context(app), credential), CancellationToken.None);

        Assert.False(verified.IsSuccess);
        Assert.True(verified.Error.Transient);
        Assert.Contains("AADSTS7000215", verified.Error.Message);
        Assert.DoesNotContain("not-the-secret", verified.Error.Message);
    }

    [Fact]
    public async Task VerifyAsync_InitialSecret_Succeeds()
    {
        var app = NewTarget();
        var credential = new IssuedCredential("k", new Dictionary<string, string> { ["clientId"] = app.ClientId, ["clientSecret"] = app.InitialSecret! }, null);

        Assert.True((await _provider.VerifyAsync(new VerifyRequest(Context(app), credential), CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task RevokeAsync_Twice_SucceedsBothTimesAndRemovesOnlyThatKey()
    {
        var app = NewTarget();
        var issued = (await _provider.IssueAsync(new IssueRequest(Context(app), Guid.NewGuid(), 0, "Keyturn y", null), CancellationToken.None)).Value!;

        var first = await _provider.RevokeAsync(new RevokeRequest(Context(app), issued.CredentialId), CancellationToken.None);
        var second = await _provider.RevokeAsync(new RevokeRequest(Context(app), issued.CredentialId), CancellationToken.None);

        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.True(second.IsSuccess, second.Error?.Message);
        Assert.False(_emulator.Control.Authenticates(app.ClientId, issued.Values["clientSecret"]));
        Assert.True(_emulator.Control.Authenticates(app.ClientId, app.InitialSecret!));
    }

    [Fact]
    public async Task ListManagedAsync_Prefix_ReturnsOnlyLabelledCredentials()
    {
        var app = NewTarget();
        var mine = (await _provider.IssueAsync(new IssueRequest(Context(app), Guid.NewGuid(), 0, "Keyturn rotation A job 1", null), CancellationToken.None)).Value!;
        await _provider.IssueAsync(new IssueRequest(Context(app), Guid.NewGuid(), 0, "Keyturn rotation B job 2", null), CancellationToken.None);

        var managed = await _provider.ListManagedAsync(new ListManagedRequest(Context(app), "Keyturn rotation A"), CancellationToken.None);

        Assert.True(managed.IsSuccess);
        Assert.Equal(mine.CredentialId, Assert.Single(managed.Value).CredentialId);
    }

    [Fact]
    public async Task ListManagedAsync_EmptyPrefix_ReturnsEveryCredentialLabelledOrNot()
    {
        var app = NewTarget();
        var mine = (await _provider.IssueAsync(new IssueRequest(Context(app), Guid.NewGuid(), 0, "Keyturn rotation A job 1", null), CancellationToken.None)).Value!;

        var all = await _provider.ListManagedAsync(new ListManagedRequest(Context(app), ""), CancellationToken.None);

        Assert.True(all.IsSuccess);
        Assert.Equal(
            _emulator.Control.ListPasswords(app.ObjectId).Select(p => p.KeyId.ToString()).Order(),
            all.Value.Select(c => c.CredentialId).Order());
        Assert.Equal(2, all.Value.Count);
        Assert.Contains(all.Value, c => c.CredentialId == mine.CredentialId && c.Label == "Keyturn rotation A job 1" && c.ExpiresAt is not null);
    }

    [Fact]
    public async Task IssueAsync_ConnectionWithoutRights_FailsWith403Message()
    {
        var app = NewTarget();
        var powerless = _emulator.Control.CreateApplication("powerless", [], [], withInitialSecret: true);

        var issued = await _provider.IssueAsync(new IssueRequest(Context(app, connectionClientId: powerless.ClientId, connectionSecret: powerless.InitialSecret), Guid.NewGuid(), 0, "Keyturn z", null), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.False(issued.Error.Transient);
        Assert.Contains("403", issued.Error.Message);
    }

    [Fact]
    public async Task IssueAsync_Throttled_RetriesAfterRetryAfter()
    {
        var app = NewTarget();
        _emulator.Control.InjectFault(new FaultRule("POST", $"{app.ObjectId}/addPassword", 429, RetryAfterSeconds: 1));

        var issued = await _provider.IssueAsync(new IssueRequest(Context(app), Guid.NewGuid(), 0, "Keyturn t", null), CancellationToken.None);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.Equal(2, _emulator.Control.RequestCount("POST", $"{app.ObjectId}/addPassword"));
    }

    [Fact]
    public async Task IssueAsync_ThrottledPastThePipelineRetries_FailureCarriesRetryAfter()
    {
        // Six 429s outlast the pipeline's five retries; the failure must carry the wait so the scheduler can honour it.
        var app = NewTarget();
        _emulator.Control.InjectFault(new FaultRule("POST", $"{app.ObjectId}/addPassword", 429, RetryAfterSeconds: 1, Times: 6));

        var issued = await _provider.IssueAsync(new IssueRequest(Context(app), Guid.NewGuid(), 0, "Keyturn t", null), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.True(issued.Error.Transient);
        Assert.Equal(TimeSpan.FromSeconds(1), issued.Error.RetryAfter);
        Assert.Equal(6, _emulator.Control.RequestCount("POST", $"{app.ObjectId}/addPassword"));
    }

    private EmulatedApp NewTarget() =>
        _emulator.Control.CreateApplication($"t-{Guid.NewGuid():N}"[..12], [], [_emulator.AdminApp.ObjectId], withInitialSecret: true);

    private ProviderContext Context(EmulatedApp app, string? clientId = null, string? connectionClientId = null, string? connectionSecret = null)
    {
        var config = new AzureConnectionConfig(_emulator.TenantId, connectionClientId ?? _emulator.AdminApp.ClientId, _emulator.AuthorityHost, _emulator.GraphEndpoint);
        var connection = new ConnectionSecret(Guid.NewGuid(), "azure", "client-secret",
            JsonDocument.Parse(config.ToJson()).RootElement.Clone(),
            JsonSerializer.SerializeToElement(new { clientSecret = connectionSecret ?? _emulator.AdminApp.InitialSecret }));
        var parameters = new AzureClientSecretParameters(app.ObjectId, clientId ?? app.ClientId, null);
        return new ProviderContext(connection, parameters, Guid.NewGuid());
    }
}
