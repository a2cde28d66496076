namespace Keyturn.AzureEmulator.Registrations;

/// <summary>What the token endpoint concludes about a client id and secret.</summary>
internal enum SecretCheck
{
    Valid,
    UnknownClient,
    /// <summary>No credential matches, or the matching one has not propagated yet or has not started (AADSTS7000215).</summary>
    InvalidSecret,
    /// <summary>The matching credential is past its end date (AADSTS7000222).</summary>
    Expired,
}
