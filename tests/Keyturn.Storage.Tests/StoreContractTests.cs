using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;

namespace Keyturn.Storage.Tests;

/// <summary>
/// The storage contract, run once per backend by the concrete subclasses. Every test gets a fresh, empty database
/// (xunit builds a new instance per test) and builds the data it needs.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    /// <summary>A fixed clock: times come in as arguments, with millisecond precision and offset zero.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private StorageOptions? _options;
    private IKeyturnStore? _store;

    protected CancellationToken Ct => _timeout.Token;

    protected IKeyturnStore Store => _store ?? throw new InvalidOperationException("The store is not initialised.");

    protected StorageOptions Options => _options ?? throw new InvalidOperationException("The database is not created.");

    /// <summary>Creates an empty database for one test and returns how to reach it.</summary>
    protected abstract Task<StorageOptions> CreateDatabaseAsync();

    /// <summary>Removes what <see cref="CreateDatabaseAsync"/> created.</summary>
    protected abstract Task DropDatabaseAsync();

    /// <summary>A plain ADO.NET connection to the test's database, bypassing the store, to see what it really wrote.</summary>
    protected abstract DbConnection CreateRawConnection();

    public async Task InitializeAsync()
    {
        _options = await CreateDatabaseAsync();
        _store = KeyturnStoreFactory.Create(_options);
        await _store.InitializeAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await DropDatabaseAsync();
        _timeout.Dispose();
    }

    /// <summary>A second store on the same database, as another process or node would have.</summary>
    protected async Task<IKeyturnStore> OpenSecondStoreAsync()
    {
        var store = KeyturnStoreFactory.Create(Options);
        await store.InitializeAsync(Ct);
        return store;
    }

    /// <summary>Every row of a table as the database holds it, column name to value, read outside the store.</summary>
    protected async Task<List<Dictionary<string, object?>>> ReadRawRowsAsync(string table)
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    protected static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    protected static byte[] Cipher(string marker) => System.Text.Encoding.UTF8.GetBytes("sealed:" + marker);

    /// <summary>A project with one environment and its root folder.</summary>
    protected async Task<Seed> SeedAsync(string slug = "app")
    {
        var project = new Project(Guid.NewGuid(), "App " + slug, slug, T0, T0);
        var environment = new ProjectEnvironment(Guid.NewGuid(), project.Id, "Development", "dev", 0);
        await Store.CreateProjectAsync(project, [environment], Ct);
        var folder = await Store.GetOrCreateFolderAsync(environment.Id, "/", T0, Ct);
        return new Seed(project, environment, folder);
    }

    protected async Task<AppConnection> CreateConnectionAsync(string name = "azure-main", DateTimeOffset? at = null)
    {
        var connection = new AppConnection(
            Guid.NewGuid(), name, "test connection", "azure", "client-secret", Cipher("credentials"), """{"tenantId":"t"}""",
            at ?? T0, at ?? T0);
        await Store.CreateConnectionAsync(connection, Ct);
        return connection;
    }

    protected static SecretRotation NewRotation(
        Seed seed, AppConnection connection, string name = "rotation", bool auto = true, DateTimeOffset? next = null, DateTimeOffset? created = null) =>
        new(Guid.NewGuid(), seed.Project.Id, seed.Environment.Id, seed.Folder.Id, "azure-client-secret", name, "desc",
            connection.Id, auto, 30, 2, 15, """{"objectId":"o"}""", """{"clientSecret":"CLIENT_SECRET"}""", 0, "pending",
            null, null, null, null, false, next, created ?? T0, created ?? T0);

    /// <summary>A project, environment, folder, connection and rotation.</summary>
    protected async Task<(Seed Seed, AppConnection Connection, SecretRotation Rotation)> SeedRotationAsync(string name = "rotation")
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var rotation = NewRotation(seed, connection, name, next: At(60));
        await Store.CreateRotationAsync(rotation, Ct);
        return (seed, connection, rotation);
    }

    protected async Task<RotationJob> StartJobAsync(Guid rotationId, DateTimeOffset? startedAt = null)
    {
        var job = new RotationJob(Guid.NewGuid(), rotationId, "manual", "running", 1, startedAt ?? T0, null, null);
        await Store.StartJobAsync(job, [], Ct);
        return job;
    }

    protected static SecretVersionWrite NewWrite(Guid folderId, string key, int version = 1, Guid? id = null, Guid? owner = null, DateTimeOffset? at = null) =>
        new(id ?? Guid.NewGuid(), folderId, key, version, Cipher(key + ":v" + version), owner, at ?? At(version));

    protected sealed record Seed(Project Project, ProjectEnvironment Environment, Folder Folder);
}
