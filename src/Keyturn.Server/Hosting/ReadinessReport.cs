using System.Text.Json.Serialization;

namespace Keyturn.Server.Hosting;

/// <summary>The body of GET /readyz: "ready" or "not ready", each check, and the names of those that failed.</summary>
public sealed record ReadinessReport(ReadinessCheck Database, ReadinessCheck Migrations, ReadinessCheck RootKey)
{
    [JsonPropertyOrder(-1)]
    public string Status => Failed.Count == 0 ? "ready" : "not ready";

    /// <summary>The failed checks by name (database, migrations, rootKey), so a script need not walk the object.</summary>
    [JsonPropertyOrder(-1)]
    public IReadOnlyList<string> Failed =>
        [.. new[] { ("database", Database), ("migrations", Migrations), ("rootKey", RootKey) }.Where(c => !c.Item2.Passed).Select(c => c.Item1)];
}

/// <summary>One check: passed or not, and a short reason an operator can act on.</summary>
public sealed record ReadinessCheck(bool Passed, string? Detail)
{
    public static ReadinessCheck Ok(string? detail = null) => new(true, detail);

    public static ReadinessCheck Failed(string detail) => new(false, detail);
}
