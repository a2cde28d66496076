using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Core.Tests.Rotation;

/// <summary>The lease renewal loop against a real SQLite store, driven by a fake clock.</summary>
public sealed class LeaseRenewalTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-lease-").FullName;
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly RotationOptions _options = new() { LeaseDuration = TimeSpan.FromMinutes(15), NodeId = "node-a" };
    private IKeyturnStore _store = null!;
    private Guid _rotationId;

    public async Task InitializeAsync()
    {
        _store = KeyturnStoreFactory.Create(KeyturnStoreFactory.ForSqliteFile(Path.Combine(_directory, "keyturn.db")));
        await _store.InitializeAsync(CancellationToken.None);
        _rotationId = await SeedRotationAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Start_AttemptOutlivesTheLease_OtherNodeStillRefused()
    {
        Assert.True(await Acquire("node-a", T0));
        await using (var renewal = LeaseRenewal.Start(_store, _rotationId, _options, _clock, NullLogger.Instance))
        {
            for (var tick = 1; tick <= 4; tick++)
            {
                _clock.Advance(TimeSpan.FromMinutes(5));
                await WaitForAsync(() => renewal.Renewals == tick);
            }

            // 20 minutes after the claim: without renewal the 15-minute lease would have lapsed.
            Assert.False(await Acquire("node-b", _clock.GetUtcNow()));
        }
    }

    [Fact]
    public async Task Dispose_StopsRenewing_LeaseLapsesAfterItsDuration()
    {
        Assert.True(await Acquire("node-a", T0));
        await using (var renewal = LeaseRenewal.Start(_store, _rotationId, _options, _clock, NullLogger.Instance))
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            await WaitForAsync(() => renewal.Renewals == 1);
        }

        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.True(await Acquire("node-b", _clock.GetUtcNow()));
    }

    private Task<bool> Acquire(string owner, DateTimeOffset now) =>
        _store.TryAcquireLeaseAsync(_rotationId, owner, now + _options.LeaseDuration, now, CancellationToken.None);

    // A bounded poll for the loop's store write to land after the clock moved: a hang guard, not a timing assertion.
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the renewal loop did not act within 5 s");
    }

    private async Task<Guid> SeedRotationAsync()
    {
        var project = new Project(Guid.NewGuid(), "App", "app", T0, T0);
        var environment = new ProjectEnvironment(Guid.NewGuid(), project.Id, "Development", "dev", 0);
        await _store.CreateProjectAsync(project, [environment], CancellationToken.None);
        var folder = await _store.GetOrCreateFolderAsync(environment.Id, "/", T0, CancellationToken.None);
        var connection = new AppConnection(Guid.NewGuid(), "c", null, "azure", "client-secret", [1], "{}", T0, T0);
        await _store.CreateConnectionAsync(connection, CancellationToken.None);
        var rotation = new SecretRotation(Guid.NewGuid(), project.Id, environment.Id, folder.Id, "azure-client-secret", "r", null, connection.Id,
            true, 30, 0, 0, "{}", "{}", 0, "pending", null, null, null, null, false, null, T0, T0);
        await _store.CreateRotationAsync(rotation, CancellationToken.None);
        return rotation.Id;
    }
}
