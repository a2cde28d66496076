using Keyturn.CrashMatrix.Tests.Matrix;

namespace Keyturn.CrashMatrix.Tests.Harness;

public static class CrashTargets
{
    /// <summary>A fresh target for a cell's rotation type: a target file, an app at the emulator, or two accounts on a database server.</summary>
    /// <remarks>A database target is also <see cref="IAsyncDisposable"/>: disposing it drops its scratch database and accounts.</remarks>
    public static async Task<ICrashTarget> CreateAsync(string type, string directory, AzureSide? azure) => type switch
    {
        CrashTable.AzureClientSecret => await AzureTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-client-secret cells need an emulator.")),
        CrashTable.PostgresCredentials or CrashTable.MySqlCredentials => await DatabaseTarget.CreateAsync(type),
        CrashTable.AzureEntraUserPassword => await EntraUserTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-entra-user-password cells need an emulator.")),
        _ => await FileTarget.CreateAsync(type, directory),
    };
}
