using System.Security.Cryptography;
using System.Text;
using Keyturn.Core.Domain;
using Keyturn.Core.Tokens;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task EnsureTokenAsync_CalledTwiceWithSameHash_KeepsTheFirst()
    {
        var hash = Cipher("hash");
        var token = new AccessToken(Guid.NewGuid(), "root", hash, "admin", T0, null);
        await Store.EnsureTokenAsync(token, Ct);

        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "again", hash, "read", At(1), At(2)), Ct);

        var found = await Store.FindTokenByHashAsync(Cipher("hash"), Ct);
        Assert.Equal(token with { Hash = found!.Hash }, found);
        Assert.Null(await Store.FindTokenByHashAsync(Cipher("other"), Ct));
    }

    /// <summary>
    /// What the database holds for a token is the SHA-256 of its text, computed here independently of
    /// <see cref="ApiTokens.Hash"/>, and no column of the row holds the text itself (as UTF-8 bytes or as a string).
    /// </summary>
    [ContractFact]
    public async Task EnsureTokenAsync_GeneratedApiToken_StoresSha256OfTheTextAndNeverTheText()
    {
        var text = ApiTokens.Generate();
        var sha256 = SHA256.HashData(Encoding.UTF8.GetBytes(text));

        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", ApiTokens.Hash(text), "admin", T0, null), Ct);

        var row = Assert.Single(await ReadRawRowsAsync("access_tokens"));
        Assert.Equal(sha256, Assert.IsType<byte[]>(row["hash"]));
        foreach (var (column, value) in row)
        {
            var stored = value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => "",
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            };
            Assert.False(stored.Contains(text, StringComparison.Ordinal), $"column {column} holds the token's text");
        }

        Assert.Equal("root", (await Store.FindTokenByHashAsync(sha256, Ct))?.Name);
    }

    [ContractFact]
    public async Task EnsureTokenAsync_SameNameNewHash_RevokesTheOldToken()
    {
        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", Cipher("old"), "admin", T0, null), Ct);
        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "other", Cipher("other"), "read", T0, null), Ct);

        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", Cipher("new"), "admin", At(1), null), Ct);

        Assert.Null(await Store.FindTokenByHashAsync(Cipher("old"), Ct));
        Assert.NotNull(await Store.FindTokenByHashAsync(Cipher("new"), Ct));
        Assert.NotNull(await Store.FindTokenByHashAsync(Cipher("other"), Ct));
    }

    [ContractFact]
    public async Task FindTokenByHashAsync_ExpiringToken_RoundTripsExpiry()
    {
        var token = new AccessToken(Guid.NewGuid(), "ci", Cipher("ci"), "read", T0, At(3600));
        await Store.EnsureTokenAsync(token, Ct);

        Assert.Equal(At(3600), (await Store.FindTokenByHashAsync(token.Hash, Ct))!.ExpiresAt);
    }

    [ContractFact]
    public async Task ListAuditAsync_Entries_NewestFirstFilteredAndLimited()
    {
        var project = Guid.NewGuid();
        AuditEntry Entry(int second, Guid? projectId) =>
            new(Guid.NewGuid(), At(second), "admin", "secret.write", "secret", "KEY", projectId, "{}");
        var old = Entry(1, project);
        var global = Entry(2, null);
        var recent = Entry(3, project);
        foreach (var entry in new[] { recent, old, global })
        {
            await Store.AppendAuditAsync(entry, Ct);
        }

        Assert.Equal([recent, global, old], await Store.ListAuditAsync(null, 10, Ct));
        Assert.Equal([recent, old], await Store.ListAuditAsync(project, 10, Ct));
        Assert.Equal([recent], await Store.ListAuditAsync(null, 1, Ct));
    }

    [ContractFact]
    public async Task AddWrappedDataKeyAsync_SecondWriter_GetsTheFirstKey()
    {
        var scope = Guid.NewGuid();
        Assert.Null(await Store.GetWrappedDataKeyAsync(scope, Ct));

        Assert.Equal(Cipher("first"), await Store.AddWrappedDataKeyAsync(scope, Cipher("first"), T0, Ct));
        Assert.Equal(Cipher("first"), await Store.AddWrappedDataKeyAsync(scope, Cipher("second"), At(1), Ct));

        Assert.Equal(Cipher("first"), await Store.GetWrappedDataKeyAsync(scope, Ct));
    }

    [ContractFact]
    public async Task AddWrappedDataKeyAsync_RacingWriters_AllGetTheSameKey()
    {
        var scope = Guid.NewGuid();

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.AddWrappedDataKeyAsync(scope, Cipher($"key-{i}"), T0, Ct))));

        Assert.Single(keys.Select(Convert.ToBase64String).Distinct());
        Assert.Equal(keys[0], await Store.GetWrappedDataKeyAsync(scope, Ct));
    }
}
