namespace Keyturn.Core.Providers;

/// <summary>What a successful verify proved.</summary>
public enum Verification
{
    /// <summary>The credential was used against the target and accepted.</summary>
    Proven,

    /// <summary>
    /// The target offers no way to check it (e.g. an Entra user with MFA); the engine trusts the target's answer to the
    /// change itself. Recovery never treats this as proof that an interrupted change reached the target.
    /// </summary>
    Unchecked,
}
