using System.Globalization;
using Keyturn.Core.Providers.Failures;

namespace Keyturn.Providers.RestApi;

/// <summary>
/// The one line for an answer the REST service gave that is not a success: status first, as the other providers put
/// the provider's code first ("HTTP 401 Unauthorized: invalid token (POST https://api.example/users/x/password)").
/// </summary>
internal static class RestApiFailureText
{
    public static string Answered(int status, string? reasonPhrase, string bodyExcerpt, string where)
    {
        var code = string.IsNullOrWhiteSpace(reasonPhrase)
            ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)}"
            : $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {reasonPhrase}";
        var context = status is >= 300 and < 400 ? $"{where}; redirects are not followed" : where;
        return FailureText.Compose(code, bodyExcerpt, context);
    }
}
