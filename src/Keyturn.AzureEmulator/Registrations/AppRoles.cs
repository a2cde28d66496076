namespace Keyturn.AzureEmulator.Registrations;

/// <summary>Graph application permissions the emulator understands, and what they allow.</summary>
internal static class AppRoles
{
    public const string ApplicationReadWriteAll = "Application.ReadWrite.All";
    public const string ApplicationReadWriteOwnedBy = "Application.ReadWrite.OwnedBy";
    public const string ApplicationReadAll = "Application.Read.All";
    public const string DirectoryReadWriteAll = "Directory.ReadWrite.All";
    public const string DirectoryReadAll = "Directory.Read.All";

    /// <summary>True when the caller holds any permission that could reach applications at all.</summary>
    public static bool HasAnyApplicationAccess(StoredApp caller) =>
        caller.HasRole(ApplicationReadWriteAll) || caller.HasRole(ApplicationReadWriteOwnedBy)
        || caller.HasRole(ApplicationReadAll) || caller.HasRole(DirectoryReadWriteAll) || caller.HasRole(DirectoryReadAll);

    public static bool CanRead(StoredApp caller, StoredApp target) =>
        caller.HasRole(ApplicationReadWriteAll) || caller.HasRole(ApplicationReadAll)
        || caller.HasRole(DirectoryReadWriteAll) || caller.HasRole(DirectoryReadAll)
        || (caller.HasRole(ApplicationReadWriteOwnedBy) && target.IsOwnedBy(caller.ObjectId));

    // OwnedBy is the least-privilege route for rotation: it only reaches apps the caller owns.
    // An app rotating its own secret (self-service) gets no exception: Graph has no permission-free addPassword or
    // removePassword on the caller's own registration (only addKey/removeKey, with a proof of possession), so the caller
    // needs ReadWrite.All, or OwnedBy while listed among its own registration's owners (EmulatorControl.AddOwner).
    public static bool CanWrite(StoredApp caller, StoredApp target) =>
        caller.HasRole(ApplicationReadWriteAll) || caller.HasRole(DirectoryReadWriteAll)
        || (caller.HasRole(ApplicationReadWriteOwnedBy) && target.IsOwnedBy(caller.ObjectId));
}
