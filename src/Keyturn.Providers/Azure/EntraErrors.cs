using System.Text.Json;
using Azure.Identity;
using Keyturn.Core.Providers;
using Keyturn.Providers.Failures;
using Microsoft.Identity.Client;

namespace Keyturn.Providers.Azure;

/// <summary>Reads Entra's answers by error code (AADSTS numbers), never by message text.</summary>
internal static class EntraErrors
{
    /// <summary>Invalid client secret: also what a just-added secret gets until it propagates.</summary>
    public const string InvalidClientSecret = "7000215";

    /// <summary>Application not found in the directory: also seen while a new app replicates.</summary>
    public const string ApplicationNotFound = "700016";

    /// <summary>
    /// Whether a refused token request for a just-issued secret may still succeed later. Entra answers a secret it has
    /// not replicated yet exactly as a wrong one: OAuth error "invalid_client" (AADSTS7000215), or "unauthorized_client"
    /// (AADSTS700016) while a new app replicates. The OAuth error field is read first because not every Entra-compatible
    /// server sends the "error_codes" array.
    /// </summary>
    public static bool MayBePropagation(AuthenticationFailedException exception) =>
        exception.InnerException is MsalServiceException { ErrorCode: "invalid_client" or "unauthorized_client" }
        || HasCode(exception, InvalidClientSecret)
        || HasCode(exception, ApplicationNotFound)
        || exception.InnerException is HttpRequestException;

    /// <summary>Whether Entra's answer lists the code in its "error_codes" array.</summary>
    public static bool HasCode(AuthenticationFailedException exception, string code)
    {
        if (exception.InnerException is not MsalServiceException { ResponseBody: { Length: > 0 } body })
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error_codes", out var codes) && codes.ValueKind == JsonValueKind.Array
                && codes.EnumerateArray().Any(c => c.ToString() == code);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The token error, code first ("AADSTS7000215: Invalid client secret provided. …"), whole words, without Entra's
    /// trace ids or Azure.Identity's troubleshooting links; or, when Entra was never reached, which of DNS, refused, TLS
    /// trust or timeout stopped the call.
    /// </summary>
    public static string Describe(AuthenticationFailedException exception, string target = "Entra") =>
        ProviderFailures.Describe(ProviderFailures.Classify(exception), target, refusal: "");

    /// <summary>A token refusal as a failure value: <see cref="Describe"/>'s words, its kind, and <paramref name="transient"/>.</summary>
    public static ProviderError Failure(AuthenticationFailedException exception, bool transient, string? refusal = null, string target = "Entra")
    {
        var failure = ProviderFailures.Classify(exception);
        return new ProviderError(ProviderFailures.Describe(failure, target, refusal ?? ""), transient) { Kind = failure.Kind };
    }
}
