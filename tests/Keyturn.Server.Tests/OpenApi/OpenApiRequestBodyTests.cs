using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.OpenApi;

/// <summary>
/// Request bodies are parsed by hand, so their schemas are declared (.Accepts&lt;T&gt;) rather than inferred; this holds
/// each declaration to its parser. Every declared field, sent to the live route, is accepted; and a strict parser's
/// "is not a known field (fields: …)" answer lists exactly the declared fields. Bodies carry an unknown field, so a
/// strict route refuses them and nothing is created.
/// </summary>
public sealed partial class OpenApiRequestBodyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Unknown = "zzNotAField";

    // Infisical's bodies tolerate unknown fields (its SDKs send more than Keyturn reads): docs/api.md.
    private static readonly string[] Tolerant =
    [
        "DELETE /api/v3/secrets/raw/{secretName}", "PATCH /api/v3/secrets/raw/{secretName}", "POST /api/v1/auth/token/renew",
        "POST /api/v1/auth/token/revoke", "POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets",
        "POST /api/v1/auth/universal-auth/login", "POST /api/v3/secrets/raw/{secretName}",
    ];

    // PATCH names these only to refuse them with "cannot be changed after creation"; the schema leaves them out.
    private static readonly string[] AcceptedOnlyToRefuse = ["projectId", "environment", "secretPath", "type"];

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task EveryDeclaredRequestField_IsAcceptedByItsRoute_AndStrictRoutesAcceptNoOther()
    {
        var document = (await Server.Api.SendAsync(HttpMethod.Get, "/openapi/v1.json", null, noToken: true)).ShouldBe(HttpStatusCode.OK).Body;
        var schemas = document["components"]!["schemas"]!;
        var findings = new List<string>();
        var tolerant = new List<string>();
        var checkedBodies = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Value?["requestBody"] is not null))
            {
                var route = $"{method.ToUpperInvariant()} {path.TrimEnd('/')}";
                var schema = Resolve(schemas, operation!["requestBody"]!["content"]!["application/json"]!["schema"]!);
                var declared = schema["properties"]!.AsObject().Select(p => p.Key).ToList();
                var body = (JsonObject)Sample(schemas, schema);
                body[Unknown] = 1;

                var answer = await Server.Api.SendRawAsync(new HttpMethod(method.ToUpperInvariant()), LiveRouteFacts.Fill(path), body.ToJsonString());
                checkedBodies++;
                var errors = answer.Json?["errors"]?.AsObject() ?? [];
                foreach (var (field, rules) in errors.Where(e => e.Key != Unknown))
                {
                    if (rules!.AsArray().Any(r => r!.GetValue<string>().StartsWith("is not a known field", StringComparison.Ordinal)))
                    {
                        findings.Add($"{route}: declared field {field} is refused as unknown");
                    }
                }

                if (errors[Unknown]?[0]?.GetValue<string>() is not { } refusal)
                {
                    tolerant.Add(route);
                    continue;
                }

                var accepted = AllowedFields().Match(refusal).Groups[1].Value.Split(", ");
                findings.AddRange(declared.Except(accepted).Select(f => $"{route}: declares {f}, which the parser does not accept"));
                findings.AddRange(accepted.Except(declared).Except(method == "patch" ? AcceptedOnlyToRefuse : []).Select(f => $"{route}: accepts {f}, which the schema does not declare"));
            }
        }

        Assert.True(checkedBodies > 15, $"only {checkedBodies} request bodies");
        Assert.Empty(findings);
        Assert.Equal(Tolerant, tolerant.Order(StringComparer.Ordinal));
    }

    private static JsonNode Resolve(JsonNode schemas, JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return schemas[reference.Split('/')[^1]]!;
        }

        // A nullable object is oneOf [null, $ref].
        return schema["oneOf"]?.AsArray().Select(s => s!).FirstOrDefault(s => s["$ref"] is not null) is { } inner ? Resolve(schemas, inner) : schema;
    }

    /// <summary>A value of the schema's type for every field (nested objects filled too), to send as a body.</summary>
    private static JsonNode Sample(JsonNode schemas, JsonNode schema)
    {
        schema = Resolve(schemas, schema);
        if (schema["properties"] is JsonObject properties)
        {
            return new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Sample(schemas, p.Value!))));
        }

        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).First(t => t != "null"),
            { } single => single.GetValue<string>(),
            null => "object",
        };
        return type switch
        {
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(false),
            "array" => new JsonArray(),
            "object" => new JsonObject(),
            _ => schema["format"]?.GetValue<string>() == "uuid" ? JsonValue.Create(Guid.NewGuid().ToString()) : JsonValue.Create("x"),
        };
    }

    [GeneratedRegex(@"^is not a known field \(fields: (.*)\)$")]
    private static partial Regex AllowedFields();
}
