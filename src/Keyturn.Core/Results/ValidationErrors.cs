namespace Keyturn.Core.Results;

/// <summary>Collects field rule violations in the order found; field names are JSON paths as the client sent them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string rule)
    {
        if (!_errors.TryGetValue(field, out var rules))
        {
            _errors[field] = rules = [];
        }

        rules.Add(rule);
        return this;
    }

    public ValidationErrors Merge(ValidationErrors other, string? prefix = null)
    {
        foreach (var (field, rules) in other._errors)
        {
            foreach (var rule in rules)
            {
                Add(prefix is null ? field : $"{prefix}.{field}", rule);
            }
        }

        return this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public string Summary() => string.Join("; ", _errors.SelectMany(e => e.Value.Select(rule => $"{e.Key}: {rule}")));
}

public static class ValidationErrorsExtensions
{
    /// <summary>Copies a validation problem's field errors (or its detail, under "body") into this collection.</summary>
    public static ValidationErrors MergeProblem(this ValidationErrors errors, Problem problem)
    {
        if (problem.Errors is null)
        {
            return errors.Add("body", problem.Detail ?? problem.Title);
        }

        foreach (var (field, rules) in problem.Errors)
        {
            foreach (var rule in rules)
            {
                errors.Add(field, rule);
            }
        }

        return errors;
    }
}
