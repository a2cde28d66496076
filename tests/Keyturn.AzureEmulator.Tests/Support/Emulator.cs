namespace Keyturn.AzureEmulator.Tests.Support;

/// <summary>Starts an emulator with a temporary state directory; each test disposes what it starts.</summary>
internal static class Emulator
{
    public static Task<AzureEmulatorHost> StartAsync(Action<AzureEmulatorOptions>? configure = null)
    {
        var options = new AzureEmulatorOptions();
        configure?.Invoke(options);
        return AzureEmulatorHost.StartAsync(options, CancellationToken.None);
    }
}
