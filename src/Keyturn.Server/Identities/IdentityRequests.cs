using System.Net;
using System.Text.Json;
using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Server.Identities;

/// <summary>Reads and checks the bodies of the identity routes into typed commands; Core never sees the JSON.</summary>
public static class IdentityRequests
{
    private static readonly string[] IdentityFields = ["name", "accessTokenTTL", "accessTokenMaxTTL"];
    private static readonly string[] ClientSecretFields = ["description", "ttlSeconds", "trustedIps"];

    public static CreateIdentityCommand? ParseIdentity(JsonElement body, ValidationErrors errors)
    {
        Json.RejectUnknown(body, IdentityFields, errors);
        var name = Json.OptionalString(body, "name", errors);
        if (name is null || name.Length is 0 or > IdentityLimits.MaxNameLength || name.Trim().Length != name.Length || name.Any(char.IsControl))
        {
            errors.Add("name", $"is required: 1 to {IdentityLimits.MaxNameLength} characters, no leading or trailing spaces or control characters");
        }

        var ttl = Json.OptionalInt(body, "accessTokenTTL", errors) ?? IdentityLimits.DefaultAccessTokenTtlSeconds;
        if (ttl is < IdentityLimits.MinAccessTokenTtlSeconds or > IdentityLimits.MaxAccessTokenTtlSeconds)
        {
            errors.Add("accessTokenTTL", $"must be seconds from {IdentityLimits.MinAccessTokenTtlSeconds} to {IdentityLimits.MaxAccessTokenTtlSeconds} (default {IdentityLimits.DefaultAccessTokenTtlSeconds})");
        }

        var maxTtl = Json.OptionalInt(body, "accessTokenMaxTTL", errors) ?? Math.Max(ttl, IdentityLimits.DefaultAccessTokenMaxTtlSeconds);
        if (maxTtl < ttl || maxTtl > IdentityLimits.MaxAccessTokenTtlSeconds)
        {
            errors.Add("accessTokenMaxTTL", $"must be seconds from accessTokenTTL to {IdentityLimits.MaxAccessTokenTtlSeconds} (default {IdentityLimits.DefaultAccessTokenMaxTtlSeconds}): how long after login renewals can carry a token");
        }

        return errors.IsEmpty ? new CreateIdentityCommand(name!, ttl, maxTtl) : null;
    }

    /// <summary>
    /// Infisical's client-secret body (<c>{description?, ttl?, numUsesLimit?}</c>, on /api/v1/auth/universal-auth/identities/…):
    /// ttl 0 or absent means no expiry; use limits are not kept, so only 0 (unlimited) is accepted. Unknown fields are
    /// tolerated, as on login: Infisical's tools send what Infisical accepts.
    /// </summary>
    public static CreateClientSecretCommand? ParseInfisicalClientSecret(JsonElement body, Guid identityId, ValidationErrors errors)
    {
        var description = Json.OptionalString(body, "description", errors);
        if (description is { Length: > IdentityLimits.MaxDescriptionLength })
        {
            errors.Add("description", $"must be at most {IdentityLimits.MaxDescriptionLength} characters");
        }

        var ttl = Json.OptionalInt(body, "ttl", errors);
        if (ttl is not (null or 0) and (< IdentityLimits.MinClientSecretTtlSeconds or > IdentityLimits.MaxClientSecretTtlSeconds))
        {
            errors.Add("ttl", $"must be 0 (no expiry) or seconds from {IdentityLimits.MinClientSecretTtlSeconds} to {IdentityLimits.MaxClientSecretTtlSeconds}");
        }

        if (Json.OptionalInt(body, "numUsesLimit", errors) is not (null or 0))
        {
            errors.Add("numUsesLimit", "must be 0 (unlimited): Keyturn does not limit a client secret's uses");
        }

        return errors.IsEmpty ? new CreateClientSecretCommand(identityId, string.IsNullOrEmpty(description) ? null : description, ttl is 0 ? null : ttl, []) : null;
    }

    public static CreateClientSecretCommand? ParseClientSecret(JsonElement body, Guid identityId, ValidationErrors errors)
    {
        Json.RejectUnknown(body, ClientSecretFields, errors);
        var description = Json.OptionalString(body, "description", errors);
        if (description is { Length: > IdentityLimits.MaxDescriptionLength })
        {
            errors.Add("description", $"must be at most {IdentityLimits.MaxDescriptionLength} characters");
        }

        var ttl = Json.OptionalInt(body, "ttlSeconds", errors);
        if (ttl is < IdentityLimits.MinClientSecretTtlSeconds or > IdentityLimits.MaxClientSecretTtlSeconds)
        {
            errors.Add("ttlSeconds", $"must be seconds from {IdentityLimits.MinClientSecretTtlSeconds} to {IdentityLimits.MaxClientSecretTtlSeconds}, or left out for no expiry");
        }

        var trusted = ParseTrustedIps(body, errors);
        return errors.IsEmpty ? new CreateClientSecretCommand(identityId, description, ttl, trusted) : null;
    }

    // A bare address is a one-address network; "0.0.0.0/0" and "::/0" allow every address of that family.
    private static List<IPNetwork> ParseTrustedIps(JsonElement body, ValidationErrors errors)
    {
        var networks = new List<IPNetwork>();
        if (!Json.TryGet(body, "trustedIps", out var list))
        {
            return networks;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > IdentityLimits.MaxTrustedIps)
        {
            errors.Add("trustedIps", $"must be an array of at most {IdentityLimits.MaxTrustedIps} IP addresses or CIDR ranges");
            return networks;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (text is not null && ParseCidr(text) is { } network)
            {
                networks.Add(network);
            }
            else if (text is not null && !text.Contains('/') && IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                errors.Add($"trustedIps[{index}]", "must be an IP address or a CIDR range like 10.0.0.0/8 (host bits zero)");
            }

            index++;
        }

        return networks;
    }

    // "10.0.0.1/8" is refused rather than read as 10.0.0.0/8 (IPNetwork.TryParse masks it): the writer likely meant one address.
    private static IPNetwork? ParseCidr(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || !int.TryParse(parts[1], out var prefix))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        if (prefix < 0 || prefix > bytes.Length * 8)
        {
            return null;
        }

        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return null;
            }
        }

        return new IPNetwork(address, prefix);
    }
}
