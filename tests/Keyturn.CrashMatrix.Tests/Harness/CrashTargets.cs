using Keyturn.CrashMatrix.Tests.Matrix;

namespace Keyturn.CrashMatrix.Tests.Harness;

public static class CrashTargets
{
    /// <summary>A fresh target for a cell's rotation type: a target file, or an app at the emulator.</summary>
    public static async Task<ICrashTarget> CreateAsync(string type, string directory, AzureSide? azure) => type switch
    {
        CrashTable.AzureClientSecret => await AzureTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-client-secret cells need an emulator.")),
        CrashTable.AzureEntraUserPassword => await EntraUserTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-entra-user-password cells need an emulator.")),
        CrashTable.AzureStorageAccountKey => await StorageAccountTarget.CreateAsync(azure ?? throw new InvalidOperationException("azure-storage-account-key cells need an emulator.")),
        _ => await FileTarget.CreateAsync(type, directory),
    };
}
