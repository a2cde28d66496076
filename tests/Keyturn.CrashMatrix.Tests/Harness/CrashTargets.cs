using Keyturn.CrashMatrix.Tests.Matrix;
using Keyturn.Providers.RestApi;
using Keyturn.Providers.Script;

namespace Keyturn.CrashMatrix.Tests.Harness;

public static class CrashTargets
{
    /// <summary>A fresh target for a cell's rotation type: a target file, an app or user at the emulator, a script's file, a password service, or two accounts on a database server.</summary>
    /// <remarks>Disposing a target removes what it made (a database target drops its scratch database and accounts).</remarks>
    public static async Task<ICrashTarget> CreateAsync(string type, CellDirectory directory, AzureSide? azure) => type switch
    {
        CrashTable.AzureClientSecret => await AzureTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-client-secret cells need an emulator.")),
        CrashTable.PostgresCredentials or CrashTable.MySqlCredentials => await DatabaseTarget.CreateAsync(type),
        CrashTable.AzureEntraUserPassword => await EntraUserTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-entra-user-password cells need an emulator.")),
        CrashTable.AzureStorageAccountKey => await StorageAccountTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-storage-account-key cells need an emulator.")),
        ScriptProvider.TypeName => ScriptCrashTarget.Create(directory.Root, directory.Data),
        RestApiProvider.TypeName => await RestApiCrashTarget.CreateAsync(),
        _ => await FileTarget.CreateAsync(type, directory.Root),
    };
}
