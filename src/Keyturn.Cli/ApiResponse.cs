using System.Net;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>A server answer with its raw body kept, because <c>--output json</c> prints it as sent.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string? ReasonPhrase, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The parsed body; an empty body (e.g. 204) reads as an empty object.</summary>
    public JsonNode Json => string.IsNullOrWhiteSpace(Body) ? new JsonObject() : JsonNode.Parse(Body) ?? new JsonObject();

    public ApiResponse EnsureSuccess() =>
        IsSuccess ? this : throw new ApiException(ProblemDetailsReader.Read(Status, ReasonPhrase, Body));
}
