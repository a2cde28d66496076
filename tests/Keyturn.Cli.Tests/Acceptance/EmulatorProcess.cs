using System.Security.Cryptography.X509Certificates;

namespace Keyturn.Cli.Tests.Acceptance;

/// <summary>
/// `keyturn emulator azure` as a real process, with what it prints on start (tenant, admin app, CA) read back, so
/// servers in other processes can come and go while the emulator, like Entra, stays.
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private readonly KeyturnProcess _process;

    private EmulatorProcess(KeyturnProcess process) => _process = process;

    public Uri Uri { get; private set; } = null!;

    public string CaPath { get; private set; } = null!;

    public X509Certificate2 Ca { get; private set; } = null!;

    public string TenantId { get; private set; } = null!;

    public string AdminClientId { get; private set; } = null!;

    public string AdminSecret { get; private set; } = null!;

    public string AdminObjectId { get; private set; } = null!;

    public EmulatorControlClient Control { get; private set; } = null!;

    public static async Task<EmulatorProcess> StartAsync(string stateDirectory)
    {
        var emulator = new EmulatorProcess(KeyturnProcess.Start(new Dictionary<string, string>(), "emulator", "azure", "--port", "0", "--state-dir", stateDirectory));
        try
        {
            await emulator.ReadStartLinesAsync();
            return emulator;
        }
        catch
        {
            emulator.Dispose();
            throw;
        }
    }

    private async Task ReadStartLinesAsync()
    {
        Uri = new Uri(await ValueAsync("Keyturn Azure emulator listening on", "listening on"));
        TenantId = await ValueAsync("tenant id:", ":");
        AdminClientId = await ValueAsync("admin client id:", ":");
        AdminSecret = (await ValueAsync("admin client secret:", ":")).Split(' ')[0];
        CaPath = await ValueAsync("CA certificate:", ":");
        Ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(CaPath));
        Control = new EmulatorControlClient(Uri, Ca);
        AdminObjectId = await Control.AdminObjectIdAsync();
    }

    private async Task<string> ValueAsync(string prefix, string after)
    {
        var line = await _process.WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), StartBound);
        return line[(line.IndexOf(after, StringComparison.Ordinal) + after.Length)..].Trim();
    }

    public void Dispose()
    {
        Control?.Dispose();
        _process.Dispose();
    }
}
