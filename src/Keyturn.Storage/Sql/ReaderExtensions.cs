using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>Reads columns back into domain types; the inverse of the conversions in <see cref="Statement"/>.</summary>
internal static class ReaderExtensions
{
    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);

    public static Guid? GetGuidOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[] GetBlob(this DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    public static byte[]? GetBlobOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetBlob(ordinal);
}
