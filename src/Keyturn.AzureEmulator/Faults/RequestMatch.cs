namespace Keyturn.AzureEmulator.Faults;

/// <summary>The one matching rule shared by fault rules and request counting, so both select the same requests.</summary>
internal static class RequestMatch
{
    /// <summary>Method: empty or "*" matches any. Path: case-insensitive substring of path plus query; empty matches any.</summary>
    public static bool Matches(string? method, string? pathContains, string requestMethod, string requestPathAndQuery) =>
        (string.IsNullOrEmpty(method) || method == "*" || string.Equals(method, requestMethod, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(pathContains) || requestPathAndQuery.Contains(pathContains, StringComparison.OrdinalIgnoreCase));
}
