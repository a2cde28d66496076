using Keyturn.Core.Domain;

namespace Keyturn.Server.Notifications;

/// <summary>The rotation as a delivery shows it: what it is, where its secrets live, how it stands. Nothing secret.</summary>
public sealed record RotationSnapshot(
    Guid Id, string Name, string Type, Guid ProjectId, string Environment, string SecretPath, string Status,
    DateTimeOffset? LastRotatedAt, DateTimeOffset? NextRotationAt)
{
    public static RotationSnapshot Of(SecretRotation rotation, ProjectEnvironment? environment, Folder? folder) => new(
        rotation.Id, rotation.Name, rotation.Type, rotation.ProjectId, environment?.Slug ?? "", folder?.Path ?? "/", rotation.RotationStatus,
        rotation.LastRotatedAt, rotation.NextRotationAt);
}
