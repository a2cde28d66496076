namespace Keyturn.AzureEmulator;

/// <summary>Start-up settings of the Azure emulator. Validated by <see cref="AzureEmulatorHost.StartAsync"/>.</summary>
public sealed class AzureEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (default) picks an ephemeral port. Range 0-65535.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Where the CA (key and certificate) and the directory state live; reused on restart.
    /// Null (default) = a fresh temporary directory, deleted when the host is disposed.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>
    /// How long a secret added through Graph addPassword is rejected by the token endpoint,
    /// mimicking Entra's replication delay. Default zero; must not be negative.
    /// </summary>
    public TimeSpan PropagationDelay { get; set; }

    /// <summary>Password credentials an app may hold before addPassword fails with Directory_ResourceSizeExceeded. Default 100; at least 1.</summary>
    public int MaxPasswordCredentialsPerApp { get; set; } = 100;

    /// <summary>Clock for token lifetimes, credential validity and propagation. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(PropagationDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPasswordCredentialsPerApp, 1);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
