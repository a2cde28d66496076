namespace Keyturn.Cli;

/// <summary>Builds escaped relative request paths, so ids and secret names with '/' or '?' stay one segment.</summary>
internal static class ApiPath
{
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>Appends the query; pairs with a null value are left out so server defaults apply.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] query)
    {
        var pairs = query.Where(q => q.Value is not null).Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}").ToArray();
        return pairs.Length == 0 ? path : $"{path}?{string.Join('&', pairs)}";
    }
}
