using Keyturn.Core.Results;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// Query options of Infisical's secret read routes that Keyturn cannot honour. Ignoring them would answer another question
/// than the one asked (one folder for a recursive listing, every secret for a tag filter, the shared secret for a personal
/// one), so each is a 400 naming it. The values Infisical's clients send by default (recursive=false, no tags, no type)
/// pass, and options that change nothing here (expandSecretReferences, include_imports, viewSecretValue) are ignored.
/// </summary>
public static class InfisicalReadOptions
{
    public const string RecursiveRule = "must be false: Keyturn lists one folder (recursive listing is not supported)";
    public const string TagSlugsRule = "must be empty: Keyturn secrets have no tags";
    public const string TypeRule = "must be 'shared' (personal secrets are not supported)";

    public static Problem? RefuseUnsupportedListOptions(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        if (!IsAbsentOr(query["recursive"], "false"))
        {
            errors.Add("recursive", RecursiveRule);
        }

        if (!string.IsNullOrEmpty(query["tagSlugs"]))
        {
            errors.Add("tagSlugs", TagSlugsRule);
        }

        return errors.IsEmpty ? null : Problem.Invalid(errors);
    }

    public static Problem? RefuseUnsupportedGetOptions(IQueryCollection query) =>
        IsAbsentOr(query["type"], "shared") ? null : Problem.Invalid("type", TypeRule);

    private static bool IsAbsentOr(string? value, string accepted) =>
        string.IsNullOrEmpty(value) || string.Equals(value, accepted, StringComparison.OrdinalIgnoreCase);
}
