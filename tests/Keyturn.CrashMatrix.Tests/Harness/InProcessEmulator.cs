using Keyturn.AzureEmulator;
using Keyturn.Cli.Tests.Acceptance;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>An Azure emulator in this process, shared by a class's cells (each makes its own app).</summary>
public sealed class InProcessEmulator : IAsyncLifetime
{
    private AzureEmulatorHost? _host;

    public AzureSide Side { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);
        Side = new AzureSide(_host.BaseUri, _host.TenantId, _host.AdminApp.ClientId, _host.AdminApp.InitialSecret!, _host.AdminApp.ObjectId,
            _host.CaCertificate, _host.CaCertificatePath, new EmulatorControlClient(_host.BaseUri, _host.CaCertificate));
    }

    public async Task DisposeAsync()
    {
        Side?.Control.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
