namespace Keyturn.AzureEmulator.Users;

/// <summary>What the password grant concludes about a username and password.</summary>
internal enum SignInCheck
{
    Valid,
    /// <summary>No user has this userPrincipalName (AADSTS50034).</summary>
    UnknownUser,
    /// <summary>Wrong password, or one reset so recently that this replica has not seen it yet (AADSTS50126).</summary>
    InvalidPassword,
    /// <summary>The account is disabled (AADSTS50057).</summary>
    Disabled,
}
