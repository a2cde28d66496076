using Keyturn.AzureEmulator.Registrations;

namespace Keyturn.AzureEmulator.Users;

/// <summary>
/// Entra directory roles, assigned to an app's service principal. The emulator keeps them in the app's role list
/// next to its Graph application permissions (one list, because a test grants both the same way), by display name.
/// </summary>
internal static class DirectoryRoles
{
    public const string GlobalAdministrator = "Global Administrator";
    public const string PrivilegedAuthenticationAdministrator = "Privileged Authentication Administrator";
    public const string UserAdministrator = "User Administrator";
    public const string PasswordAdministrator = "Password Administrator";
    public const string HelpdeskAdministrator = "Helpdesk Administrator";
    public const string AuthenticationAdministrator = "Authentication Administrator";

    /// <summary>Roles that may reset the password of a user holding a privileged role (Microsoft's "who can reset passwords" table).</summary>
    private static readonly string[] Privileged = [GlobalAdministrator, PrivilegedAuthenticationAdministrator];

    /// <summary>Roles that may reset a non-administrator's password.</summary>
    private static readonly string[] ForNonAdministrators =
        [.. Privileged, UserAdministrator, PasswordAdministrator, HelpdeskAdministrator, AuthenticationAdministrator];

    public static bool MayResetPassword(StoredApp caller, StoredUser target) =>
        (target.Privileged ? Privileged : ForNonAdministrators).Any(caller.HasRole);
}
