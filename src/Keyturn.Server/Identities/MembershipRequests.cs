using System.Text.Json;
using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Server.Identities;

/// <summary>Reads and checks the bodies of the membership and grant routes into typed commands; Core never sees the JSON.</summary>
public static class MembershipRequests
{
    private const int MaxScopeEntries = 50;
    private static readonly string[] MembershipFields = ["identityId", "role", "environments", "secretPathPrefixes"];
    private static readonly string[] GrantFields = ["grant"];

    public static CreateMembershipCommand? ParseMembership(JsonElement body, Guid projectId, ValidationErrors errors)
    {
        Json.RejectUnknown(body, MembershipFields, errors);
        var identityText = Json.OptionalString(body, "identityId", errors);
        if (!Guid.TryParse(identityText, out var identityId))
        {
            errors.Add("identityId", "is required: the id of an identity");
        }

        var role = Json.OptionalString(body, "role", errors);
        if (role is null || !ProjectRoles.IsKnown(role))
        {
            errors.Add("role", $"is required: one of {string.Join(", ", ProjectRoles.All)}");
        }

        var environments = ParseScope(body, "environments", "must be an environment slug", s => s.Length > 0 ? s : null, errors);
        var prefixes = ParseScope(body, "secretPathPrefixes", Rules.SecretPathRule, Rules.NormalizeSecretPath, errors);
        return errors.IsEmpty ? new CreateMembershipCommand(projectId, identityId, role!, environments, prefixes) : null;
    }

    /// <summary>The grant named in <c>{"grant": "connection-admin"}</c>; whether it is a known one is the service's check.</summary>
    public static string? ParseGrant(JsonElement body, ValidationErrors errors)
    {
        Json.RejectUnknown(body, GrantFields, errors);
        var grant = Json.OptionalString(body, "grant", errors);
        if (grant is null)
        {
            errors.Add("grant", $"is required: one of {string.Join(", ", InstallationGrants.All)}");
        }

        return errors.IsEmpty ? grant : null;
    }

    // Absent or null means "all"; an empty array would mean "none", which no one wants from a membership, so it is refused.
    private static string[]? ParseScope(JsonElement body, string field, string rule, Func<string, string?> normalize, ValidationErrors errors)
    {
        if (!Json.TryGet(body, field, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MaxScopeEntries)
        {
            errors.Add(field, $"must be an array of 1 to {MaxScopeEntries} entries, or left out for all");
            return null;
        }

        var values = new List<string>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if ((item.ValueKind == JsonValueKind.String ? normalize(item.GetString()!) : null) is { } value)
            {
                values.Add(value);
            }
            else
            {
                errors.Add($"{field}[{index}]", rule);
            }

            index++;
        }

        return [.. values.Distinct(StringComparer.Ordinal)];
    }
}
