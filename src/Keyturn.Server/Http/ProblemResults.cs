using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Keyturn.Core.Results;

namespace Keyturn.Server.Http;

/// <summary>Maps expected failures to RFC 9457 ProblemDetails; validation problems carry {field: [rules]} in "errors".</summary>
public static class ProblemResults
{
    public static IResult From(Problem problem)
    {
        var status = problem.Kind switch
        {
            ProblemKind.Validation => StatusCodes.Status400BadRequest,
            ProblemKind.NotFound => StatusCodes.Status404NotFound,
            ProblemKind.Conflict => StatusCodes.Status409Conflict,
            ProblemKind.Busy => StatusCodes.Status409Conflict,
            ProblemKind.ProviderFailure => StatusCodes.Status502BadGateway,
            ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status500InternalServerError,
        };
        var extensions = problem.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = problem.Errors };
        return Results.Problem(detail: problem.Detail, statusCode: status, title: problem.Title, extensions: extensions);
    }

    public static IResult Unauthorized(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    /// <summary>The value as JSON, or its problem.</summary>
    public static IResult Map<T>(Result<T> result, Func<T, object> shape) =>
        result.IsSuccess ? Results.Json(shape(result.Value)) : From(result.Problem);

    /// <summary>
    /// The value as JSON written by a source-generated serializer (for hot paths), or its problem. Serialised to one
    /// buffer first, so the answer goes out with a Content-Length in one write rather than chunked through the
    /// response pipe, which cost as much as the serialisation itself (docs/benchmarks.md).
    /// </summary>
    public static IResult Map<T, TJson>(Result<T> result, Func<T, TJson> shape, JsonTypeInfo<TJson> json) =>
        result.IsSuccess
            ? Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(shape(result.Value), json), "application/json; charset=utf-8")
            : From(result.Problem);
}
