using System.Net;
using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Identities;
using Keyturn.Core.Storage;
using Keyturn.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Core.Tests.Identities;

/// <summary><see cref="UniversalAuthLogin"/> over a real SQLite store, with a fake clock for expiry.</summary>
public sealed class UniversalAuthLoginTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-login-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private IKeyturnStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = KeyturnStoreFactory.Create(KeyturnStoreFactory.ForSqliteFile(Path.Combine(_directory, "keyturn.db")));
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private AuditLog Audit => new(_store, _clock);

    private UniversalAuthLogin Login => new(_store, _store, Audit, _clock);

    [Fact]
    public async Task LoginAsync_RightSecret_IssuesATokenForTheIdentitysTtl()
    {
        var (identity, secret) = await IdentityWithSecretAsync(ttl: 900);

        var token = await Login.LoginAsync(new UniversalAuthLoginCommand(identity.ClientId, secret, IPAddress.Loopback), CancellationToken.None);

        Assert.NotNull(token);
        Assert.Equal(900, token.ExpiresInSeconds);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(900), token.ExpiresAt);
        var stored = await _store.FindTokenByHashAsync(Keyturn.Core.Tokens.ApiTokens.Hash(token.Token), CancellationToken.None);
        Assert.Equal(identity.Id, stored!.IdentityId);
    }

    [Fact]
    public async Task LoginAsync_SecretAtItsExpiry_IsRefused()
    {
        var (identity, secret) = await IdentityWithSecretAsync(secretTtl: 120);
        _clock.Advance(TimeSpan.FromSeconds(119));
        Assert.NotNull(await Login.LoginAsync(new UniversalAuthLoginCommand(identity.ClientId, secret, null), CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await Login.LoginAsync(new UniversalAuthLoginCommand(identity.ClientId, secret, null), CancellationToken.None));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData(null, false)]
    public async Task LoginAsync_TrustedIps_AllowOnlyThoseNetworks(string? source, bool allowed)
    {
        var (identity, secret) = await IdentityWithSecretAsync(trusted: [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("2001:db8::/32")]);

        var token = await Login.LoginAsync(
            new UniversalAuthLoginCommand(identity.ClientId, secret, source is null ? null : IPAddress.Parse(source)), CancellationToken.None);

        Assert.Equal(allowed, token is not null);
    }

    [Fact]
    public async Task LoginAsync_Refusals_AreAuditedWithTheReasonAndNeverTheSecret()
    {
        var (identity, secret) = await IdentityWithSecretAsync();

        await Login.LoginAsync(new UniversalAuthLoginCommand(identity.ClientId, secret + "0", IPAddress.Loopback), CancellationToken.None);
        var token = await Login.LoginAsync(new UniversalAuthLoginCommand(identity.ClientId, secret, IPAddress.Loopback), CancellationToken.None);

        var entries = await _store.ListAuditAsync(null, 100, CancellationToken.None);
        var refused = Assert.Single(entries, e => e.Action == "identity.login.refused");
        Assert.Contains("wrong client secret", refused.DetailsJson, StringComparison.Ordinal);
        Assert.Single(entries, e => e.Action == "identity.login");
        Assert.All(entries, e => Assert.DoesNotContain(secret, e.DetailsJson, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain(token!.Token, e.DetailsJson, StringComparison.Ordinal));
    }

    private async Task<(Identity Identity, string Secret)> IdentityWithSecretAsync(int ttl = 7200, int? secretTtl = null, IReadOnlyList<IPNetwork>? trusted = null)
    {
        var identity = (await new IdentityService(_store, Audit, _clock).CreateAsync(Principal.Root("root"), new CreateIdentityCommand("app-" + Guid.NewGuid().ToString("N")[..6], ttl), CancellationToken.None)).Value!;
        var created = (await new ClientSecretService(_store, Audit, _clock).CreateAsync(
            Principal.Root("root"), new CreateClientSecretCommand(identity.Id, null, secretTtl, trusted ?? []), CancellationToken.None)).Value!;
        return (identity, created.Secret);
    }
}
