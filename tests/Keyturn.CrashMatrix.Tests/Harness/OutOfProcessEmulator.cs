using Keyturn.Cli.Tests.Acceptance;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>`keyturn emulator azure` as its own process, shared by a class's cells: it outlives every server the cells kill.</summary>
public sealed class OutOfProcessEmulator : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-crash-emulator-").FullName;
    private EmulatorProcess? _process;

    public AzureSide Side { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _process = await EmulatorProcess.StartAsync(_directory);
        Side = new AzureSide(_process.Uri, _process.TenantId, _process.AdminClientId, _process.AdminSecret, _process.AdminObjectId, _process.Ca, _process.CaPath, _process.Control);
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
