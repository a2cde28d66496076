using Keyturn.Core.Crypto;
using Keyturn.Core.Storage;
using Keyturn.Storage;

namespace Keyturn.Core.Tests.Crypto;

/// <summary>The cipher's observer seam (what the test servers' secret recorder hangs on), over a real SQLite store.</summary>
public sealed class EnvelopeCipherObserverTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-cipher-").FullName;
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

    [Fact]
    public async Task SealAndOpen_WithObserver_ItSeesThePlaintextBothWays()
    {
        var seen = new Seen();
        var cipher = new EnvelopeCipher(RootKey.Generate(), _store, TimeProvider.System, seen);
        var scope = Guid.NewGuid();

        var sealedValue = await cipher.SealAsync(scope, "sealed-value", "ctx", CancellationToken.None);
        Assert.Equal(["sealed-value"], seen.Values);
        Assert.Equal("sealed-value", await cipher.OpenAsync(scope, sealedValue, "ctx", CancellationToken.None));

        Assert.Equal(["sealed-value", "sealed-value"], seen.Values);
    }

    [Fact]
    public async Task SealAndOpen_WithoutObserver_Works()
    {
        var cipher = new EnvelopeCipher(RootKey.Generate(), _store, TimeProvider.System);
        var scope = Guid.NewGuid();

        Assert.Equal("v", await cipher.OpenAsync(scope, await cipher.SealAsync(scope, "v", "ctx", CancellationToken.None), "ctx", CancellationToken.None));
    }

    private sealed class Seen : IPlaintextObserver
    {
        public List<string> Values { get; } = [];

        public void Observed(string plaintext) => Values.Add(plaintext);
    }
}
