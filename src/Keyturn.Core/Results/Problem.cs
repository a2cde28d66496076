namespace Keyturn.Core.Results;

public enum ProblemKind { Validation, NotFound, Conflict, ProviderFailure, Busy, Forbidden }

/// <summary>
/// An expected failure, returned as a value and mapped to ProblemDetails at the edge.
/// Messages never contain secret values.
/// </summary>
/// <param name="Errors">Field path to the rules it broke, for validation problems.</param>
public sealed record Problem(ProblemKind Kind, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Problem NotFound(string what, object id) => new(ProblemKind.NotFound, $"{what} not found", $"No {what.ToLowerInvariant()} with id '{id}'.");

    public static Problem Conflict(string detail) => new(ProblemKind.Conflict, "Conflict", detail);

    public static Problem Invalid(ValidationErrors errors) =>
        new(ProblemKind.Validation, "One or more fields are invalid", errors.Summary(), errors.ToDictionary());

    public static Problem Invalid(string field, string rule) => Invalid(new ValidationErrors().Add(field, rule));
}
