using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Providers.RestApi;

/// <summary>
/// One declared HTTP request (the change, or the verify): method, https URL, headers and body, each a
/// <see cref="TemplateText"/>. Values are encoded for their place: URL-encoded in the URL and in form bodies, JSON
/// string escapes in JSON bodies, and refused in headers when they hold a control character (CR/LF would split them).
/// </summary>
public sealed partial class HttpTemplate
{
    private static readonly string[] Fields = ["method", "url", "headers", "body", "successStatusCodes"];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    // Quotes, backslash, control characters and URL/HTML specials: a template that stays valid JSON with this value
    // in every placeholder puts each placeholder inside a JSON string.
    private const string Probe = "p\"\\\n\t<&'%+/ \u2028x";

    private HttpTemplate(HttpMethod method, TemplateText url, IReadOnlyList<(string Name, TemplateText Value)> headers, TemplateText? body, BodyKind kind,
        IReadOnlyList<int> successCodes)
    {
        (Method, Url, Headers, Body, Kind, SuccessCodes) = (method, url, headers, body, kind, successCodes);
    }

    private enum BodyKind { Json, Form, Literal }

    public HttpMethod Method { get; }

    public TemplateText Url { get; }

    public IReadOnlyList<(string Name, TemplateText Value)> Headers { get; }

    public TemplateText? Body { get; }

    private BodyKind Kind { get; }

    public IReadOnlyList<int> SuccessCodes { get; }

    public IEnumerable<string> SecretNames => Url.SecretNames.Concat(Headers.SelectMany(h => h.Value.SecretNames)).Concat(Body?.SecretNames ?? []).Distinct();

    /// <summary>Parses parameters.{field}; rule violations go to <paramref name="errors"/> under "{field}.…".</summary>
    public static HttpTemplate? Parse(JsonElement obj, string field, bool isVerify, IReadOnlyList<int>? outerCodes, IReadOnlyList<int> defaultCodes,
        OutboundAllowList allowList, ValidationErrors errors)
    {
        var local = new ValidationErrors();
        Json.RejectUnknown(obj, isVerify ? Fields : Fields[..^1], local);
        var methodText = Json.OptionalString(obj, "method", local) ?? "POST";
        if (!Methods.Contains(methodText))
        {
            local.Add("method", $"must be one of {string.Join(", ", Methods)}");
        }

        var url = ParseUrl(obj, isVerify, allowList, local);
        var headers = ParseHeaders(obj, isVerify, local);
        TemplateText? body = null;
        var kind = BodyKind.Literal;
        if (Json.OptionalString(obj, "body", local) is { } bodyText)
        {
            body = TemplateText.Parse(bodyText, !isVerify, out var rule);
            if (body is null)
            {
                local.Add("body", rule);
            }
            else
            {
                kind = KindOf(headers);
                CheckBody(body, kind, local);
            }
        }

        var codes = isVerify ? StatusCodes(obj, "successStatusCodes", local) : outerCodes;
        errors.Merge(local, field);
        return local.IsEmpty && url is not null
            ? new HttpTemplate(new HttpMethod(methodText), url, headers, body, kind, codes ?? defaultCodes)
            : null;
    }

    /// <summary>Reads an optional array of HTTP status codes (100-599).</summary>
    public static IReadOnlyList<int>? StatusCodes(JsonElement obj, string name, ValidationErrors errors)
    {
        if (!Json.TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
            || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var c) || c is < 100 or > 599))
        {
            errors.Add(name, "must be a non-empty array of HTTP status codes (100 to 599)");
            return null;
        }

        return [.. value.EnumerateArray().Select(v => v.GetInt32())];
    }

    /// <summary>The request with every value encoded for its place, or the reason it cannot be sent (nothing was sent).</summary>
    public Result<HttpRequestMessage> Render(TemplateValues values)
    {
        var message = new HttpRequestMessage(Method, new Uri(Url.Render(values, Uri.EscapeDataString)));
        if (Body is not null)
        {
            var text = Body.Render(values, Kind switch
            {
                BodyKind.Json => JsonEscape,
                BodyKind.Form => Uri.EscapeDataString,
                _ => v => v,
            });
            message.Content = new StringContent(text, Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(Kind == BodyKind.Form ? "application/x-www-form-urlencoded" : "application/json") { CharSet = "utf-8" };
        }

        foreach (var (name, template) in Headers)
        {
            var value = template.Render(values, v => v);
            if (value.Any(char.IsControl))
            {
                message.Dispose();
                return Problem.Invalid($"headers.{name}", "would carry a control character (CR, LF, …) from a value; nothing was sent");
            }

            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.Remove("Content-Type");
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    private static string JsonEscape(string value) => JsonSerializer.Serialize(value)[1..^1];

    private static TemplateText? ParseUrl(JsonElement obj, bool isVerify, OutboundAllowList allowList, ValidationErrors errors)
    {
        if (Json.OptionalString(obj, "url", errors) is not { } text)
        {
            errors.Add("url", "is required: an https URL on the server's outbound allow-list");
            return null;
        }

        var url = TemplateText.Parse(text, !isVerify, out var rule);
        if (url is null)
        {
            errors.Add("url", rule);
            return null;
        }

        // Placeholders may fill the path and query, never the scheme or authority: where a request goes is fixed at create.
        if (!Uri.TryCreate(url.LiteralWith("x"), UriKind.Absolute, out var probe) || probe.Scheme != Uri.UriSchemeHttps || probe.UserInfo.Length > 0
            || text.IndexOf("{{", StringComparison.Ordinal) is var first && first >= 0 && first < AuthorityEnd(text))
        {
            errors.Add("url", "must be an absolute https URL without user info, with placeholders only in its path and query");
            return null;
        }

        if (!allowList.Allows(probe.IdnHost, probe.Port))
        {
            errors.Add("url", $"must name a host on the server's outbound allow-list (--outbound-allow): {probe.IdnHost}:{probe.Port} is not on it " +
                              (allowList.Entries.Count == 0 ? "(the list is empty)" : $"(allowed: {string.Join(", ", allowList.Entries)})"));
            return null;
        }

        return url;
    }

    private static int AuthorityEnd(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? url.Length : end;
    }

    private static List<(string, TemplateText)> ParseHeaders(JsonElement obj, bool isVerify, ValidationErrors errors)
    {
        var headers = new List<(string, TemplateText)>();
        if (Json.OptionalObject(obj, "headers", errors) is not { } given)
        {
            return headers;
        }

        foreach (var header in given.EnumerateObject())
        {
            var field = $"headers.{header.Name}";
            if (!HeaderName().IsMatch(header.Name) || header.Name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(field, "must be a header name of letters, digits and - _ (Host is fixed by the URL)");
            }
            else if (header.Value.ValueKind != JsonValueKind.String || header.Value.GetString()!.Any(char.IsControl))
            {
                errors.Add(field, "must be a string without control characters (CR and LF are refused)");
            }
            else if (TemplateText.Parse(header.Value.GetString()!, !isVerify, out var rule) is { } value)
            {
                headers.Add((header.Name, value));
            }
            else
            {
                errors.Add(field, rule);
            }
        }

        return headers;
    }

    private static BodyKind KindOf(IReadOnlyList<(string Name, TemplateText Value)> headers)
    {
        var type = headers.FirstOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value?.LiteralWith("");
        if (type is null)
        {
            return BodyKind.Json;
        }

        var media = type.Split(';')[0].Trim().ToLowerInvariant();
        return media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal) ? BodyKind.Json
            : media == "application/x-www-form-urlencoded" ? BodyKind.Form
            : BodyKind.Literal;
    }

    private static void CheckBody(TemplateText body, BodyKind kind, ValidationErrors errors)
    {
        if (kind == BodyKind.Literal && body.HasPlaceholders)
        {
            errors.Add("body", "may hold placeholders only as JSON (the default) or application/x-www-form-urlencoded, so each value can be encoded for it");
            return;
        }

        if (kind != BodyKind.Json)
        {
            return;
        }

        var probe = new TemplateValues(Probe, Probe, Probe, body.SecretNames.ToDictionary(n => n, _ => Probe));
        try
        {
            using var _ = JsonDocument.Parse(body.Render(probe, JsonEscape));
        }
        catch (JsonException)
        {
            errors.Add("body", "must be valid JSON with every {{…}} inside a JSON string (e.g. {\"password\": \"{{newPassword}}\"})");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex HeaderName();
}
