using System.Security.Cryptography;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Crypto;

/// <summary>
/// Moves an installation from one root key to another: every data key (each project's and the connections key) is
/// unwrapped with the old key and wrapped with the new one, all in one transaction. Values sealed with the data keys
/// do not change, so the cost is one row per scope, not one per secret.
/// </summary>
public static class RootKeyRotation
{
    /// <returns>How many data keys were rewrapped.</returns>
    /// <exception cref="InvalidOperationException">The old key does not open a stored data key; nothing changed.</exception>
    public static async Task<int> RewrapAsync(RootKey oldKey, RootKey newKey, IDataKeyStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oldKey);
        ArgumentNullException.ThrowIfNull(newKey);
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return await store.RewrapDataKeysAsync((scope, wrapped) =>
            {
                var dataKey = oldKey.Unwrap(wrapped, scope);
                try
                {
                    return newKey.Wrap(dataKey, scope);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey);
                }
            }, cancellationToken);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException("The current root key does not open this installation's data keys; nothing was changed.");
        }
    }
}
