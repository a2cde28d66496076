namespace Keyturn.Core.Access;

/// <summary>
/// What a request needs. Each route declares one (Server's route table, checked by a test over the live routes);
/// the service behind it checks it with <see cref="AccessPolicy"/>. The scope a permission is checked in is in
/// brackets; docs/access.md has the full table.
/// </summary>
public enum Permission
{
    /// <summary>Any valid token: the rotation options list, revoking or renewing one's own token; lists are filtered to what the principal may see.</summary>
    Authenticated,

    /// <summary>[installation] API tokens only: creating projects.</summary>
    ProjectCreate,

    /// <summary>[project] any membership in the project.</summary>
    ProjectRead,

    /// <summary>[project, environment, path] viewer and up.</summary>
    SecretRead,

    /// <summary>[project, environment, path] developer and up.</summary>
    SecretWrite,

    /// <summary>[project, environment, path of the rotation] rotation-admin and up: reading a rotation and its history.</summary>
    RotationRead,

    /// <summary>[project, environment, path of the rotation] rotation-admin and up, plus the connection-admin grant, since every change uses the connection.</summary>
    RotationManage,

    /// <summary>[project, environment, path of the rotation] rotation-admin and up: the credentials a rotation generated.</summary>
    GeneratedCredentialRead,

    /// <summary>[whole project: a membership without environment or path limits] rotation-admin and up.</summary>
    WebhookManage,

    /// <summary>[whole project] admin.</summary>
    MembershipManage,

    /// <summary>[installation] the connection-admin grant: creating, reading, changing, using and deleting connections.</summary>
    ConnectionAdmin,

    /// <summary>[installation] API tokens only: identities, their client secrets and grants.</summary>
    IdentityAdmin,

    /// <summary>[installation, or one whole project for its admin] reading audit entries; the chain head is installation only.</summary>
    AuditRead,
}
