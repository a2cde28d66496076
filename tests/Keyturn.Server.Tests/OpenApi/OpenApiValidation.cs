using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Keyturn.Server.Tests.OpenApi;

/// <summary>Parses an OpenAPI document with Microsoft.OpenApi (the library ASP.NET Core writes it with) and runs its default rule set.</summary>
public static class OpenApiValidation
{
    public static (OpenApiDocument Document, IReadOnlyList<string> Problems) ParseAndValidate(string json)
    {
        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        var problems = new List<string>();
        problems.AddRange(read.Diagnostic?.Errors.Select(e => $"read: {e.Pointer} {e.Message}") ?? []);
        var document = read.Document ?? throw new InvalidOperationException("The document did not parse: " + string.Join("; ", problems));
        problems.AddRange(document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.Select(e => $"rule: {e.Pointer} {e.Message}") ?? []);
        return (document, problems);
    }
}
