using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Keyturn.AzureEmulator;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Providers.Azure;
using Keyturn.Providers.AzureEntraUserPassword;

namespace Keyturn.Providers.Tests.AzureEntraUserPassword;

/// <summary>The provider contract against the real emulator over HTTPS: Graph through Azure.Core, sign-in through the password grant.</summary>
public sealed class AzureEntraUserPasswordProviderTests : IAsyncLifetime
{
    private const string NewPassword = "Nw!9-this-is-a-Strong-one";
    private AzureEmulatorHost _emulator = null!;
    private AzureHttpTransport _transport = null!;
    private AzureEntraUserPasswordProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);
        _transport = new AzureHttpTransport(new X509Certificate2Collection(_emulator.CaCertificate));
        _provider = new AzureEntraUserPasswordProvider(new AzureCredentials(_transport), _transport);
    }

    public async Task DisposeAsync()
    {
        _transport.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task IssueAsync_ByObjectId_SetsPasswordAndOutputsUserPrincipalName()
    {
        var user = NewUser();

        var issued = await _provider.IssueAsync(Issue(Context(user.ObjectId), NewPassword), CancellationToken.None);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.Equal(user.ObjectId, issued.Value.CredentialId);
        Assert.Equal(user.UserPrincipalName, issued.Value.Values["username"]);
        Assert.Equal(NewPassword, issued.Value.Values["password"]);
        Assert.True(_emulator.Control.SignsIn(user.UserPrincipalName, NewPassword));
        Assert.False(_emulator.Control.SignsIn(user.UserPrincipalName, user.InitialPassword!));
    }

    [Fact]
    public async Task IssueAsync_SamePasswordTwice_SucceedsBothTimes()
    {
        var user = NewUser();

        var first = await _provider.IssueAsync(Issue(Context(user.UserPrincipalName), NewPassword), CancellationToken.None);
        var second = await _provider.IssueAsync(Issue(Context(user.UserPrincipalName), NewPassword), CancellationToken.None);

        Assert.True(first.IsSuccess && second.IsSuccess, first.Error?.Message ?? second.Error?.Message);
        Assert.True(_emulator.Control.SignsIn(user.UserPrincipalName, NewPassword));
    }

    [Fact]
    public async Task IssueAsync_UnknownUser_FailsNamingUserIdAndChangesNothing()
    {
        var issued = await _provider.IssueAsync(Issue(Context("nobody@keyturn.onmicrosoft.com"), NewPassword), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.False(issued.Error.Transient);
        Assert.Contains("parameters.userId", issued.Error.Message);
        Assert.Contains("Request_ResourceNotFound", issued.Error.Message);
        Assert.Equal(0, _emulator.Control.RequestCount("PATCH", "/v1.0/users/"));
    }

    [Fact]
    public async Task IssueAsync_PrivilegedUser_FailsWithGraphsMessageAndChangesNothing()
    {
        var user = _emulator.Control.CreateUser($"p{Guid.NewGuid():N}"[..12], privileged: true);

        var issued = await _provider.IssueAsync(Issue(Context(user.ObjectId), NewPassword), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.False(issued.Error.Transient);
        // Graph's code first (docs/api.md, Errors), the status after.
        Assert.StartsWith("Authorization_RequestDenied: Insufficient privileges to complete the operation.", issued.Error.Message);
        Assert.Contains("Graph answered 403", issued.Error.Message);
        Assert.Contains("Privileged Authentication Administrator", issued.Error.Message);
        Assert.True(_emulator.Control.SignsIn(user.UserPrincipalName, user.InitialPassword!));
    }

    [Fact]
    public async Task IssueAsync_WeakPassword_ReportsEntrasComplexityRule()
    {
        var user = NewUser();

        var issued = await _provider.IssueAsync(Issue(Context(user.ObjectId), "alllowercaseletters"), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.Contains("does not meet Entra's complexity rule", issued.Error.Message);
        Assert.DoesNotContain("alllowercaseletters", issued.Error.Message);
        Assert.True(_emulator.Control.SignsIn(user.UserPrincipalName, user.InitialPassword!));
    }

    [Fact]
    public async Task VerifyAsync_WithPublicClient_ProvesOrRefusesTransiently()
    {
        var user = NewUser();
        var context = Context(user.ObjectId, _emulator.PublicClientApp.ClientId);

        var good = await _provider.VerifyAsync(new VerifyRequest(context, Credential(user.UserPrincipalName, user.InitialPassword!)), CancellationToken.None);
        var bad = await _provider.VerifyAsync(new VerifyRequest(context, Credential(user.UserPrincipalName, "Wrong-Password-1")), CancellationToken.None);

        Assert.Equal(Verification.Proven, good.Value);
        Assert.False(bad.IsSuccess);
        Assert.True(bad.Error.Transient);
        Assert.Contains("AADSTS50126", bad.Error.Message);
        Assert.DoesNotContain("Wrong-Password-1", bad.Error.Message);
    }

    [Fact]
    public async Task VerifyAsync_ByObjectId_ResolvesTheUsernameFirst()
    {
        var user = NewUser();
        var context = Context(user.ObjectId, _emulator.PublicClientApp.ClientId);

        var verified = await _provider.VerifyAsync(new VerifyRequest(context, _provider.CredentialFor(context, 0, user.InitialPassword!)), CancellationToken.None);

        Assert.Equal(Verification.Proven, verified.Value);
    }

    [Fact]
    public async Task VerifyAsync_ConfidentialClient_FailsAtOnceNamingPublicClientFlows()
    {
        var user = NewUser();
        var context = Context(user.ObjectId, _emulator.TargetApp.ClientId);

        var verified = await _provider.VerifyAsync(new VerifyRequest(context, Credential(user.UserPrincipalName, user.InitialPassword!)), CancellationToken.None);

        Assert.False(verified.IsSuccess);
        Assert.False(verified.Error.Transient);
        Assert.Contains("AADSTS7000218", verified.Error.Message);
        Assert.Contains("Allow public client flows", verified.Error.Message);
    }

    [Fact]
    public async Task VerifyAsync_WithoutVerifyClientId_IsUnchecked()
    {
        var user = NewUser();

        var verified = await _provider.VerifyAsync(new VerifyRequest(Context(user.ObjectId), Credential(user.UserPrincipalName, "anything")), CancellationToken.None);

        Assert.Equal(Verification.Unchecked, verified.Value);
        Assert.Equal(0, _emulator.Control.RequestCount("POST", "/oauth2/v2.0/token"));
    }

    [Fact]
    public async Task VerifyAsync_DuringPropagation_OldPasswordWorksNewIsTransient()
    {
        var user = NewUser();
        var context = Context(user.ObjectId, _emulator.PublicClientApp.ClientId);
        _emulator.Control.PasswordPropagationDelay = TimeSpan.FromMinutes(5);

        Assert.True((await _provider.IssueAsync(Issue(context, NewPassword), CancellationToken.None)).IsSuccess);
        var fresh = await _provider.VerifyAsync(new VerifyRequest(context, Credential(user.UserPrincipalName, NewPassword)), CancellationToken.None);

        Assert.True(fresh.Error?.Transient);
        Assert.True(_emulator.Control.SignsIn(user.UserPrincipalName, user.InitialPassword!));
    }

    [Fact]
    public async Task IssueAsync_GraphUnavailableOnce_RetriesThePatch()
    {
        var user = NewUser();
        _emulator.Control.InjectFault(new FaultRule("PATCH", $"/v1.0/users/{user.ObjectId}", 503, RetryAfterSeconds: 0));

        var issued = await _provider.IssueAsync(Issue(Context(user.ObjectId), NewPassword), CancellationToken.None);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.Equal(2, _emulator.Control.RequestCount("PATCH", $"/v1.0/users/{user.ObjectId}"));
        Assert.True(_emulator.Control.SignsIn(user.UserPrincipalName, NewPassword));
    }

    [Fact]
    public async Task VerifyAsync_TokenEndpointThrottled_IsTransient()
    {
        var user = NewUser();
        _emulator.Control.InjectFault(new FaultRule("POST", "/oauth2/v2.0/token", 429, RetryAfterSeconds: 0, Times: 3));

        var verified = await _provider.VerifyAsync(
            new VerifyRequest(Context(user.ObjectId, _emulator.PublicClientApp.ClientId), Credential(user.UserPrincipalName, user.InitialPassword!)), CancellationToken.None);

        Assert.False(verified.IsSuccess);
        Assert.True(verified.Error.Transient);
        Assert.Contains("429", verified.Error.Message);
    }

    [Theory]
    [InlineData("""{"userId": "not a user"}""", "userId")]
    [InlineData("""{"userId": "a@b", "verifyClientId": "nope"}""", "verifyClientId")]
    [InlineData("""{"userId": "a@b", "passwordPolicy": {"uppercase": false, "symbols": false}}""", "passwordPolicy")]
    [InlineData("""{"userId": "a@b", "objectId": "x"}""", "objectId")]
    [InlineData("""{}""", "userId")]
    public void ParseParameters_BadValue_NamesTheField(string json, string field)
    {
        var errors = new ValidationErrors();

        var parsed = _provider.ParseParameters(JsonDocument.Parse(json).RootElement, errors);

        Assert.Null(parsed);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    private EmulatedUser NewUser() => _emulator.Control.CreateUser($"u{Guid.NewGuid():N}"[..12]);

    private static IssueRequest Issue(ProviderContext context, string password) =>
        new(context, Guid.NewGuid(), 0, "Keyturn x", null) { GeneratedSecret = password };

    private static IssuedCredential Credential(string username, string password) =>
        new(username, new Dictionary<string, string> { ["username"] = username, ["password"] = password }, null);

    private ProviderContext Context(string userId, string? verifyClientId = null)
    {
        var config = new AzureConnectionConfig(_emulator.TenantId, _emulator.AdminApp.ClientId, _emulator.AuthorityHost, _emulator.GraphEndpoint);
        var connection = new ConnectionSecret(Guid.NewGuid(), "azure", "client-secret",
            JsonDocument.Parse(config.ToJson()).RootElement.Clone(),
            JsonSerializer.SerializeToElement(new { clientSecret = _emulator.AdminApp.InitialSecret }));
        return new ProviderContext(connection, new AzureEntraUserPasswordParameters(userId, verifyClientId), Guid.NewGuid());
    }
}
