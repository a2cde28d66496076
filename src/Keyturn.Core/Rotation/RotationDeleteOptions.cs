namespace Keyturn.Core.Rotation;

/// <summary>How a rotation is deleted (the DELETE query fields).</summary>
/// <param name="DeleteSecrets">Also delete the mapped secrets (otherwise they stay as ordinary secrets with their last values).</param>
/// <param name="RevokeGeneratedCredentials">First revoke at the target the credentials the rotation made.</param>
/// <param name="Force">
/// Allow revoking while keeping the secrets, which leaves consumers reading revoked values; refused without it.
/// It does not override delete protection.
/// </param>
public sealed record RotationDeleteOptions(bool DeleteSecrets, bool RevokeGeneratedCredentials, bool Force)
{
    /// <summary>Revoked credentials left in secrets that stay: every consumer reading them breaks at once.</summary>
    public bool LeavesRevokedValues => RevokeGeneratedCredentials && !DeleteSecrets;
}
