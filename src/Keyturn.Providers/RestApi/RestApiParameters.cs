using Keyturn.Core.Providers;

namespace Keyturn.Providers.RestApi;

/// <summary>The parameters of a rest-api rotation: the change request and, optionally, a request that proves the new password.</summary>
public sealed record RestApiParameters(string? Username, HttpTemplate Request, HttpTemplate? Verify)
{
    public static readonly IReadOnlyList<int> DefaultSuccessCodes = [200, 201, 202, 204];
    public static readonly IReadOnlyList<int> DefaultVerifyCodes = [200];

    private const string RequestRules =
        "must be an object {method, url, headers, body}: url an https URL on the server's outbound allow-list, placeholders {{newPassword}}, " +
        "{{oldPassword}}, {{username}}, {{secret:NAME}} only in the URL's path and query, header values and a JSON or form body";

    public static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.String("username", false, "must be 1 to 256 characters without control characters", "The account whose password changes; {{username}}, output 'username'."),
        new("request", "object", true, RequestRules, "The request that sets the new password.", Changeable: true),
        new("successStatusCodes", "integer[]", false, "must be a non-empty array of HTTP status codes (100 to 599)",
            "Status codes that mean the change was made. Default [200, 201, 202, 204].", Changeable: true),
        new("verify", "object", false, RequestRules.Replace("{{oldPassword}}, ", "", StringComparison.Ordinal) + "; successStatusCodes default [200]",
            "A request that succeeds only with the new password ({{newPassword}}), e.g. a login. Default: none (the change's answer is trusted).", Changeable: true),
    ];

    public static RestApiParameters? Parse(ParameterReader reader, OutboundAllowList allowList)
    {
        var errors = reader.Errors;
        var username = reader.String("username");
        if (username is not null && (username.Length > 256 || username.Any(char.IsControl)))
        {
            errors.Add("username", "must be 1 to 256 characters without control characters");
        }

        var codes = HttpTemplate.StatusCodes(reader.Parameters, "successStatusCodes", errors);
        var request = reader.Object("request") is { } requestBody
            ? HttpTemplate.Parse(requestBody, "request", isVerify: false, codes, DefaultSuccessCodes, allowList, errors)
            : null;
        var verify = reader.Object("verify") is { } verifyBody
            ? HttpTemplate.Parse(verifyBody, "verify", isVerify: true, null, DefaultVerifyCodes, allowList, errors)
            : null;
        return request is null ? null : new RestApiParameters(username, request, verify);
    }
}
