using System.Text.Json;

namespace Keyturn.Providers.Database;

/// <summary>The non-secret half of a database app connection: where the server is and whom Keyturn signs in as.</summary>
/// <param name="Database">The database to connect to; null where the server needs none (MySQL / MariaDB).</param>
/// <param name="SslMode">One of <see cref="DatabaseSslMode.Names"/>.</param>
public sealed record DatabaseEndpoint(string Host, int Port, string? Database, string Username, string SslMode)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static DatabaseEndpoint FromJson(JsonElement json) =>
        json.Deserialize<DatabaseEndpoint>(JsonOptions) ?? throw new JsonException("Empty database connection configuration.");
}
