using Keyturn.Core.Audit;
using Keyturn.Core.Storage;

namespace Keyturn.Cli;

/// <summary>
/// The audit entry of <c>keyturn root-key rotate</c>. The command runs with the server stopped, so there is no request
/// and no token: the actor is the local operator (the OS account that ran it, on this machine). Only the count and
/// where the key lives are recorded, never a key.
/// </summary>
internal static class RootKeyRotationAudit
{
    public const string Action = "root-key.rotated";
    public const string Actor = "local-operator";

    /// <summary>
    /// Written after the rewrap committed, so the entry only ever describes a rotation that happened. A crash between
    /// the two loses the entry, not the rotation.
    /// </summary>
    public static Task RecordAsync(IAuditStore store, int dataKeys, bool keyFromEnvironment, CancellationToken cancellationToken) =>
        new AuditLog(store, TimeProvider.System).RecordAsync(Actor, Action, "root-key", resourceId: null, projectId: null, new
        {
            dataKeysRewrapped = dataKeys,
            rootKeyIn = keyFromEnvironment ? "KEYTURN_ROOT_KEY" : "root.key",
            osUser = Environment.UserName,
            machine = Environment.MachineName,
        }, cancellationToken);
}
