namespace Keyturn.AzureEmulator.Tokens;

internal enum TokenFailure
{
    None,
    Malformed,
    BadSignature,
    Expired,
}

/// <summary>Outcome of reading a bearer token: claims when valid, otherwise why not.</summary>
internal sealed record TokenValidation(AccessTokenClaims? Claims, TokenFailure Failure);
