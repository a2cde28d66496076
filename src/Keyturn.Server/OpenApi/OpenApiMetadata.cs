using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Keyturn.Server.OpenApi;

/// <summary>
/// What an endpoint takes and answers, for the OpenAPI document. Handlers return <see cref="IResult"/> (bodies are parsed
/// by hand, answers mapped from Result), so nothing can be inferred from their signatures: each route states its body,
/// its 2xx answer and the problems it can give. OpenApiDocumentTests holds every route to these.
/// </summary>
public static class OpenApiMetadata
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    /// <summary>
    /// The JSON body the route parses, the 400 that names a field and its rule, and the 413 (over 1 MiB, RequestLimits)
    /// and 415 (not JSON, ContentTypeCheck) every /api body can get.
    /// </summary>
    public static RouteHandlerBuilder Reads<TBody>(this RouteHandlerBuilder builder) where TBody : notnull =>
        builder.Accepts<TBody>(Json).ProducesValidationProblem().BodyRefusals();

    /// <summary>A body the route reads when one is sent (DELETE secret, token revoke), its 400, 413 and 415.</summary>
    public static RouteHandlerBuilder MayRead<TBody>(this RouteHandlerBuilder builder) where TBody : notnull =>
        builder.Accepts<TBody>(isOptional: true, Json).ProducesValidationProblem().BodyRefusals();

    private static RouteHandlerBuilder BodyRefusals(this RouteHandlerBuilder builder) =>
        builder.Problem(StatusCodes.Status413PayloadTooLarge).Problem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The 200 answer's body.</summary>
    public static RouteHandlerBuilder Answers<TAnswer>(this RouteHandlerBuilder builder) => builder.Produces<TAnswer>(StatusCodes.Status200OK, Json);

    /// <summary>Query parameters the route reads by hand, and the 400 for a bad one.</summary>
    public static RouteHandlerBuilder Query(this RouteHandlerBuilder builder, params QueryParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var parameter in parameters)
        {
            builder.WithMetadata(parameter);
        }

        return builder.ProducesValidationProblem();
    }

    /// <summary>404: a path id names nothing (or nothing the caller may see, for identities: docs/access.md).</summary>
    public static RouteHandlerBuilder MayMiss(this RouteHandlerBuilder builder) => builder.Problem(StatusCodes.Status404NotFound);

    /// <summary>409: the state forbids it (a name taken, a rotation running, delete protection).</summary>
    public static RouteHandlerBuilder MayConflict(this RouteHandlerBuilder builder) => builder.Problem(StatusCodes.Status409Conflict);

    /// <summary>502: the provider refused or could not be reached (the problem says which, in the provider's words).</summary>
    public static RouteHandlerBuilder CallsProvider(this RouteHandlerBuilder builder) => builder.Problem(StatusCodes.Status502BadGateway);

    /// <summary>401 without a valid bearer token, 403 without the right (every /api route but login and renew).</summary>
    public static TBuilder NeedsToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Problem(StatusCodes.Status401Unauthorized).Problem(StatusCodes.Status403Forbidden);

    /// <summary>A ProblemDetails answer (RFC 9457) with this status.</summary>
    public static TBuilder Problem<TBuilder>(this TBuilder builder, int status) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
}
