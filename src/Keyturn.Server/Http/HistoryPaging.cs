using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Keyturn.Core.Domain;
using Keyturn.Core.History;
using Keyturn.Core.Results;

namespace Keyturn.Server.Http;

/// <summary>
/// The <c>limit</c> and <c>cursor</c> query fields of a history route. The cursor is opaque to clients (base64url of
/// the last item's start time and job id), so its encoding can change without breaking one.
/// </summary>
public static class HistoryPaging
{
    private const string Version = "j1";

    /// <summary>The query for <paramref name="kind"/>/<paramref name="id"/>, or the problem naming the bad field and its rule.</summary>
    public static Result<HistoryQuery> Read(HttpRequest request, string kind, Guid id)
    {
        var errors = new ValidationErrors();
        var limit = HistoryQuery.DefaultLimit;
        if (request.Query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > HistoryQuery.MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {HistoryQuery.MaxLimit}");
        }

        JobCursor? after = null;
        if (request.Query["cursor"].ToString() is { Length: > 0 } cursorText && (after = Decode(cursorText)) is null)
        {
            errors.Add("cursor", "must be a nextCursor value from a previous page of this history");
        }

        return errors.IsEmpty ? new HistoryQuery(kind, id, after, limit) : Problem.Invalid(errors);
    }

    public static string? Encode(JobCursor? cursor) => cursor is null
        ? null
        : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{Version}:{cursor.StartedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{cursor.Id:N}"));

    private static JobCursor? Decode(string text)
    {
        if (text.Length > 200 || !Base64Url.IsValid(text))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':');
        return parts.Length == 3 && parts[0] == Version
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            && Guid.TryParseExact(parts[2], "N", out var id)
                ? new JobCursor(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), id)
                : null;
    }
}
