using Microsoft.OpenApi;

namespace Keyturn.Server.OpenApi;

/// <summary>A query parameter a handler reads by hand from the query string, as endpoint metadata for the document.</summary>
public sealed record QueryParameter(string Name, JsonSchemaType Type, string Description, bool Required = false, string? Format = null)
{
    public static QueryParameter Text(string name, string description, bool required = false) => new(name, JsonSchemaType.String, description, required);

    public static QueryParameter Id(string name, string description, bool required = false) => new(name, JsonSchemaType.String, description, required, "uuid");

    public static QueryParameter Flag(string name, string description) => new(name, JsonSchemaType.Boolean, description);

    public static QueryParameter Number(string name, string description) => new(name, JsonSchemaType.Integer, description, Format: "int32");

    public static QueryParameter Time(string name, string description) => new(name, JsonSchemaType.String, description, Format: "date-time");

    public static QueryParameter Limit(int max) => Number("limit", $"Items per page, 1 to {max}.");

    public static QueryParameter Cursor { get; } = Text("cursor", "The nextCursor of the previous page.");

    /// <summary>Where a secret is: Infisical's workspaceId, environment and secretPath.</summary>
    public static QueryParameter[] SecretScope(bool required) =>
    [
        Id("workspaceId", "The project id.", required),
        Text("environment", "The environment slug.", required),
        Text("secretPath", "The folder, '/' when left out."),
    ];
}
