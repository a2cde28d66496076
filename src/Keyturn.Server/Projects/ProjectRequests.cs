using System.Text.Json;
using Keyturn.Core.Projects;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Server.Projects;

/// <summary>Reads the body of POST /api/v1/projects into a typed command; Core never sees the JSON.</summary>
public static class ProjectRequests
{
    private const int MaxNameLength = 64;
    private static readonly string[] CreateFields = ["projectName", "slug"];

    public static CreateProjectCommand? ParseCreate(JsonElement body, ValidationErrors errors)
    {
        Json.RejectUnknown(body, CreateFields, errors);
        var name = Json.OptionalString(body, "projectName", errors);
        var slug = Json.OptionalString(body, "slug", errors);
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("projectName", "is required");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("projectName", $"must be at most {MaxNameLength} characters");
        }

        if (slug is not null && !Rules.IsProjectSlug(slug))
        {
            errors.Add("slug", Rules.ProjectSlugRule);
        }

        return errors.IsEmpty ? new CreateProjectCommand(name!.Trim(), slug) : null;
    }
}
