using System.Net;
using System.Security.Cryptography;
using Keyturn.Server.Hosting;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Server.Tests.Hosting;

public sealed class KeyturnServerHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-host-").FullName;

    [Fact]
    public async Task StartAsync_OtherRootKeyForExistingData_FailsWithReadableMessage()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await (await KeyturnServerHost.StartAsync(Options(rootKey: key), CancellationToken.None)).DisposeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KeyturnServerHost.StartAsync(Options(rootKey: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), CancellationToken.None));

        Assert.Contains("root key", error.Message);
        Assert.False(File.Exists(Path.Combine(_directory, DataDirectory.RootKeyFile)), "a root key from the environment is not written to disk");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public async Task StartAsync_MalformedRootKey_FailsWithReadableMessage(string key)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KeyturnServerHost.StartAsync(Options(rootKey: key), CancellationToken.None));

        Assert.Contains("KEYTURN_ROOT_KEY", error.Message);
    }

    [Fact]
    public async Task StartAsync_DirectoryInUseByAnotherServer_FailsWithReadableMessageAndLeavesTheFirstRunning()
    {
        await using var first = await KeyturnServerHost.StartAsync(Options(rootToken: "kt_first-token-value"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<IOException>(() => KeyturnServerHost.StartAsync(Options(rootToken: "kt_first-token-value"), CancellationToken.None));

        Assert.Contains("Another Keyturn server", error.Message);
        using var api = new ApiClient(first.Address, "kt_first-token-value");
        (await api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StartAsync_AfterTheFirstServerStopped_TakesTheDirectory()
    {
        await (await KeyturnServerHost.StartAsync(Options(), CancellationToken.None)).DisposeAsync();

        await using var second = await KeyturnServerHost.StartAsync(Options(), CancellationToken.None);

        // Serving, not just constructed: it took the lock, opened the database and answers with the same root token.
        using var api = new ApiClient(second.Address, second.RootToken);
        (await api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StartAsync_ChangedRootToken_RevokesTheOldOne()
    {
        await using (var first = await KeyturnServerHost.StartAsync(Options(rootToken: "kt_first-token-value"), CancellationToken.None))
        {
            using var api = new ApiClient(first.Address, "kt_first-token-value");
            (await api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
        }

        await using var second = await KeyturnServerHost.StartAsync(Options(rootToken: "kt_second-token-value"), CancellationToken.None);
        using var oldClient = new ApiClient(second.Address, "kt_first-token-value");
        using var newClient = new ApiClient(second.Address, "kt_second-token-value");

        (await oldClient.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.Unauthorized);
        (await newClient.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StartAsync_FreshDirectory_CreatesOwnerOnlyFiles()
    {
        await using var host = await KeyturnServerHost.StartAsync(Options(), CancellationToken.None);

        foreach (var file in new[] { DataDirectory.RootKeyFile, DataDirectory.RootTokenFile, DataDirectory.DatabaseFile, DataDirectory.DatabaseFile + "-wal" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, file)));
        }

        Assert.Equal(host.RootToken, File.ReadAllText(Path.Combine(_directory, DataDirectory.RootTokenFile)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private KeyturnServerOptions Options(string? rootKey = null, string? rootToken = null) => new KeyturnServerOptions
    {
        DataDirectory = _directory,
        Urls = ["http://127.0.0.1:0"],
        RootKeyBase64 = rootKey,
        RootToken = rootToken,
    }.WithLogLeakCheck();
}
