using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Keyturn.Core.Audit;
using Keyturn.Core.Results;

namespace Keyturn.Server.Http;

/// <summary>
/// The query fields of GET /api/v1/audit-logs: exact filters, an ISO 8601 time range, a limit and an opaque cursor
/// (base64url of the last entry's time and id). Each bad field is named with its rule.
/// </summary>
public static class AuditQueryReader
{
    public const int MaxLimit = 1000;

    private const string CursorVersion = "a1";

    private static readonly string[] TextFilters = ["actor", "action", "resourceType", "resourceId"];

    public static Result<AuditQuery> Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query;
        var errors = new ValidationErrors();
        foreach (var field in TextFilters)
        {
            if (q[field].ToString() is { Length: > 256 })
            {
                errors.Add(field, "must be at most 256 characters");
            }
        }

        var query = new AuditQuery
        {
            Actor = Text(q["actor"]),
            Action = Text(q["action"]),
            ResourceType = Text(q["resourceType"]),
            ResourceId = Text(q["resourceId"]),
            ProjectId = Guid(q["projectId"], "projectId", errors),
            From = Time(q["from"], "from", errors),
            To = Time(q["to"], "to", errors),
            Before = Cursor(q["cursor"], errors),
            Limit = Limit(q["limit"], errors),
        };
        if (query is { From: { } from, To: { } to } && to <= from)
        {
            errors.Add("to", "must be later than 'from'");
        }

        return errors.IsEmpty ? query : Problem.Invalid(errors);
    }

    public static string Encode(DateTimeOffset at, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CursorVersion}:{at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{id:N}"));

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static Guid? Guid(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (System.Guid.TryParse(value, out var id))
        {
            return id;
        }

        errors.Add(field, Keyturn.Core.Validation.Rules.GuidRule);
        return null;
    }

    private static DateTimeOffset? Time(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // An offset is required: a bare local time would mean different instants on the server and the client.
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && value.Contains('T', StringComparison.Ordinal)
            && (value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > value.IndexOf('T', StringComparison.Ordinal)))
        {
            return time.ToUniversalTime();
        }

        errors.Add(field, "must be an ISO 8601 time with an offset, like 2026-01-31T12:00:00Z");
        return null;
    }

    private static int Limit(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 100;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit)
        {
            return limit;
        }

        errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}");
        return 100;
    }

    private static (DateTimeOffset, Guid)? Cursor(string? text, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length <= 200 && Base64Url.IsValid(text)
            && Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':') is [CursorVersion, var ms, var id]
            && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs)
            && System.Guid.TryParseExact(id, "N", out var entryId))
        {
            return (DateTimeOffset.FromUnixTimeMilliseconds(unixMs), entryId);
        }

        errors.Add("cursor", "must be a nextCursor value from a previous page of the audit log");
        return null;
    }
}
