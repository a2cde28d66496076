namespace Keyturn.Core.Identities;

/// <summary>The ranges identity settings must fall in; the API names them in its 400 answers.</summary>
public static class IdentityLimits
{
    /// <summary>Two hours, as Infisical's universal auth defaults to.</summary>
    public const int DefaultAccessTokenTtlSeconds = 7200;

    public const int MinAccessTokenTtlSeconds = 60;

    /// <summary>30 days, Infisical's maximum.</summary>
    public const int MaxAccessTokenTtlSeconds = 2_592_000;

    /// <summary>30 days, Infisical's default accessTokenMaxTTL: renewals never carry a token further from its login.</summary>
    public const int DefaultAccessTokenMaxTtlSeconds = 2_592_000;

    public const int MaxNameLength = 64;

    public const int MaxDescriptionLength = 256;

    public const int MinClientSecretTtlSeconds = 60;

    /// <summary>Ten years: long enough for "practically never", short enough to stay a sane date.</summary>
    public const int MaxClientSecretTtlSeconds = 315_360_000;

    public const int MaxTrustedIps = 32;
}
