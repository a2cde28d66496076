using System.Text;

namespace Keyturn.AzureEmulator;

/// <summary>
/// `emulator.env` in the state directory: what `keyturn emulator azure` prints, as `export` lines another terminal can
/// `source`, so a walkthrough needs no copying of ids that change with every new state directory. It holds the admin
/// app's secret (an emulator credential, useless anywhere else), so it is written for the owner only, as the CA key is.
/// </summary>
public static class EmulatorEnvironmentFile
{
    public const string FileName = "emulator.env";

    public static async Task<string> WriteAsync(AzureEmulatorHost host, string stateDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var path = Path.Combine(stateDirectory, FileName);
        var text = new StringBuilder()
            .AppendLine("# Written by `keyturn emulator azure` on each start; `source` it in another shell.")
            .AppendLine(Export("KEYTURN_EMULATOR_URL", host.BaseUri.AbsoluteUri))
            .AppendLine(Export("KEYTURN_EMULATOR_CA", host.CaCertificatePath))
            .AppendLine(Export("KEYTURN_EMULATOR_TENANT_ID", host.TenantId))
            .AppendLine(Export("KEYTURN_EMULATOR_CLIENT_ID", host.AdminApp.ClientId))
            .AppendLine(Export("KEYTURN_EMULATOR_CLIENT_SECRET", host.AdminApp.InitialSecret ?? ""))
            .AppendLine(Export("KEYTURN_EMULATOR_TARGET_OBJECT_ID", host.TargetApp.ObjectId))
            .AppendLine(Export("KEYTURN_EMULATOR_TARGET_CLIENT_ID", host.TargetApp.ClientId))
            .ToString();

        // Written to a new file and moved into place, so a shell sourcing it never reads half a file.
        var partial = path + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(partial, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(text.AsMemory(), cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    // Single quotes keep the shell from expanding anything; a quote inside is closed, escaped and reopened.
    private static string Export(string name, string value) => $"export {name}='{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
