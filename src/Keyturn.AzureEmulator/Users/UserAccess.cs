using Keyturn.AzureEmulator.Registrations;

namespace Keyturn.AzureEmulator.Users;

/// <summary>
/// Graph application permissions for users, and what they allow. A password reset needs both a permission that
/// may write passwordProfile and a directory role allowed to reset that user (privileged users need a privileged role),
/// as Graph's "Update user" documents for app-only access.
/// </summary>
internal static class UserAccess
{
    public const string UserReadAll = "User.Read.All";
    public const string UserReadBasicAll = "User.ReadBasic.All";
    public const string UserReadWriteAll = "User.ReadWrite.All";
    public const string UserPasswordProfileReadWriteAll = "User-PasswordProfile.ReadWrite.All";

    public static bool CanRead(StoredApp caller) =>
        caller.HasRole(UserReadAll) || caller.HasRole(UserReadBasicAll) || caller.HasRole(UserReadWriteAll)
        || caller.HasRole(AppRoles.DirectoryReadAll) || caller.HasRole(AppRoles.DirectoryReadWriteAll);

    public static bool CanWritePassword(StoredApp caller) =>
        caller.HasRole(UserPasswordProfileReadWriteAll) || caller.HasRole(UserReadWriteAll) || caller.HasRole(AppRoles.DirectoryReadWriteAll);
}
