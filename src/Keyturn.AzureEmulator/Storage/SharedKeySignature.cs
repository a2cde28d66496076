using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Keyturn.AzureEmulator.Storage;

/// <summary>
/// Shared Key authorization for the Blob service (version 2009-09-19 and later): the string-to-sign is the verb, the
/// twelve standard headers, the canonicalized x-ms- headers and the canonicalized resource, signed with HMAC-SHA256
/// under the base64-decoded account key. Path-style requests sign the path as sent, so the account name appears twice
/// ("/{account}/{account}/"), exactly as the Azure.Storage SDK and Azurite compute it.
/// </summary>
internal static class SharedKeySignature
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public static string StringToSign(HttpRequest request, string accountName)
    {
        var builder = new StringBuilder(request.Method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            var value = request.Headers[name].ToString();
            // Since version 2015-02-21 a zero Content-Length is signed as empty.
            builder.Append(name == "Content-Length" && value == "0" ? string.Empty : value).Append('\n');
        }

        foreach (var header in request.Headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(Unfold))))
            .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        builder.Append('/').Append(accountName).Append(queryStart < 0 ? rawTarget : rawTarget[..queryStart]);
        foreach (var (name, values) in QueryHelpers.ParseQuery(request.QueryString.Value)
            .Select(q => (Name: q.Key.ToLowerInvariant(), Values: q.Value))
            .OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(name).Append(':').Append(string.Join(",", values.Order(StringComparer.Ordinal)));
        }

        return builder.ToString();
    }

    public static string Sign(string stringToSign, string base64Key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(stringToSign)));

    public static bool Matches(string signature, string stringToSign, string base64Key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(stringToSign, base64Key)));

    // Header values are signed trimmed, with folded whitespace collapsed to one space.
    private static string Unfold(string? value) => string.Join(' ', (value ?? string.Empty).Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
