using System.Text.Json;
using Keyturn.Core.Results;

namespace Keyturn.Server.Http;

/// <summary>
/// Reads a request body as a JSON object. Bodies are parsed by hand rather than bound to types so that every
/// error can name the field and the rule, and malformed JSON gets a 400 that says where it broke.
/// </summary>
public static class JsonBody
{
    // RequestLimits answers 413 before a handler runs; this stays for callers outside that middleware.
    private const long MaxBytes = RequestLimits.MaxApiBodyBytes;

    public static async Task<Result<JsonElement>> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBytes)
        {
            return Problem.Invalid("body", $"must be at most {MaxBytes} bytes");
        }

        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Invalid("body", "must be JSON (Content-Type: application/json)");
        }

        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.Clone()
                : Problem.Invalid("body", "must be a JSON object");
        }
        catch (JsonException e)
        {
            // JsonException's message quotes no input, only where the reader stopped.
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return Problem.Invalid("body", $"must be valid JSON{where}");
        }
    }

    /// <summary>
    /// Reads the body and parses it into a typed command for a service: a body that is not a JSON object, and every
    /// field error <paramref name="parse"/> names, become one 400 problem.
    /// </summary>
    public static async Task<Result<TCommand>> ReadCommandAsync<TCommand>(
        HttpRequest request, Func<JsonElement, ValidationErrors, TCommand?> parse, CancellationToken cancellationToken)
        where TCommand : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        var body = await ReadObjectAsync(request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Problem;
        }

        var errors = new ValidationErrors();
        return parse(body.Value, errors) is { } command ? command : Problem.Invalid(errors);
    }
}
