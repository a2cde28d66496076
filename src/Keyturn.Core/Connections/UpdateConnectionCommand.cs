using Keyturn.Core.Domain;

namespace Keyturn.Core.Connections;

/// <summary>
/// A PATCH of an app connection as the API read and checked it: null means "keep". The description can be cleared, so
/// whether it was sent at all is its own field.
/// </summary>
public sealed record UpdateConnectionCommand(string? Name, bool SetsDescription, string? Description, CredentialRotationChange? CredentialRotation);

/// <summary>The parts of the connection's own-credential schedule a PATCH changes; null keeps the current value.</summary>
public sealed record CredentialRotationChange(bool? IsAutoRotationEnabled, int? RotationInterval, int? RotateAtHours, int? RotateAtMinutes)
{
    public CredentialRotationSettings ApplyTo(CredentialRotationSettings current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new CredentialRotationSettings(
            IsAutoRotationEnabled ?? current.IsAutoRotationEnabled,
            RotationInterval ?? current.RotationInterval,
            RotateAtHours ?? current.RotateAtHours,
            RotateAtMinutes ?? current.RotateAtMinutes);
    }
}
