using Microsoft.Extensions.Hosting;

namespace Keyturn.AzureEmulator.Http;

/// <summary>
/// Replaces the generic host's console lifetime. The emulator is embedded in tests, the Keyturn server and the CLI;
/// it must not take over the process's Ctrl+C and SIGTERM handling (with the console lifetime, SIGTERM stopped
/// Kestrel but left the process running). Whoever embeds the emulator stops it by disposing the host.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
