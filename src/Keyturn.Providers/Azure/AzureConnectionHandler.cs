using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Identity;
using Keyturn.Core.Connections;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;
using Keyturn.Providers.Failures;

namespace Keyturn.Providers.Azure;

/// <summary>
/// The "azure" app connection, method "client-secret": an Entra app (tenantId, clientId, clientSecret) that may
/// manage other apps' passwords. Creation proves it by acquiring a Graph token.
/// </summary>
public sealed partial class AzureConnectionHandler(AzureCredentials credentials, AzureHttpTransport transport) : IAppConnectionHandler, ISelfRotatingConnection
{
    public const string AppName = "azure";
    public const string ClientSecretMethod = "client-secret";

    private static readonly string[] CredentialFields = ["tenantId", "clientId", "clientSecret", "clientSecretId"];
    private static readonly string[] EndpointFields = ["authorityHost", "graph", "resourceManager"];

    public string App => AppName;

    public IReadOnlyList<string> BodyFields { get; } = ["method", "credentials", "endpoints"];

    public Result<ParsedConnection> Parse(JsonElement body)
    {
        var errors = new ValidationErrors();
        var method = Json.OptionalString(body, "method", errors);
        if (method is null)
        {
            errors.Add("method", $"is required: '{ClientSecretMethod}'");
        }
        else if (method != ClientSecretMethod)
        {
            errors.Add("method", $"must be '{ClientSecretMethod}'");
        }

        string? tenantId = null, clientId = null, clientSecret = null, clientSecretId = null;
        if (Json.OptionalObject(body, "credentials", errors) is { } creds)
        {
            Json.RejectUnknown(creds, CredentialFields, errors, "credentials");
            tenantId = Json.OptionalString(creds, "tenantId", errors, "credentials.tenantId");
            clientId = Json.OptionalString(creds, "clientId", errors, "credentials.clientId");
            clientSecret = Json.OptionalString(creds, "clientSecret", errors, "credentials.clientSecret");
            clientSecretId = Json.OptionalString(creds, "clientSecretId", errors, "credentials.clientSecretId");
            if (clientSecretId is not null && !Rules.IsGuid(clientSecretId))
            {
                errors.Add("credentials.clientSecretId", $"is the key id of the client secret given (optional) and {Rules.GuidRule}");
            }

            if (tenantId is null || !(Guid.TryParse(tenantId, out _) || TenantDomain().IsMatch(tenantId)))
            {
                errors.Add("credentials.tenantId", "is required: a GUID or a verified domain such as contoso.onmicrosoft.com");
            }

            if (!Rules.IsGuid(clientId))
            {
                errors.Add("credentials.clientId", $"is required and {Rules.GuidRule}");
            }

            if (string.IsNullOrEmpty(clientSecret) || clientSecret.Length > 1024)
            {
                errors.Add("credentials.clientSecret", "is required: 1 to 1024 characters");
            }
        }
        else if (!errors.ToDictionary().ContainsKey("credentials"))
        {
            errors.Add("credentials", "is required: {tenantId, clientId, clientSecret}");
        }

        var authorityHost = AzureConnectionConfig.PublicAuthorityHost;
        var graph = AzureConnectionConfig.PublicGraphEndpoint;
        var resourceManager = AzureConnectionConfig.PublicResourceManagerEndpoint;
        if (Json.OptionalObject(body, "endpoints", errors) is { } endpoints)
        {
            Json.RejectUnknown(endpoints, EndpointFields, errors, "endpoints");
            authorityHost = HttpsUri(endpoints, "authorityHost", errors) ?? authorityHost;
            graph = HttpsUri(endpoints, "graph", errors) ?? graph;
            resourceManager = HttpsUri(endpoints, "resourceManager", errors) ?? resourceManager;
        }

        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        var config = new AzureConnectionConfig(tenantId!, clientId!, authorityHost, graph) { ResourceManagerEndpoint = resourceManager };
        var keyId = clientSecretId is null ? null : Guid.Parse(clientSecretId).ToString();
        return new ParsedConnection(method!, config.ToJson(), Credentials(clientSecret!, keyId)) { CredentialId = keyId };
    }

    public async Task<ProviderResult<bool>> VerifyAsync(ConnectionSecret connection, CancellationToken cancellationToken)
    {
        var config = AzureConnectionConfig.FromJson(connection.Configuration);
        try
        {
            var credential = credentials.Create(config, config.ClientId, ClientSecretOf(connection));
            await credential.GetTokenAsync(new global::Azure.Core.TokenRequestContext([config.GraphScope]), cancellationToken);
            return ProviderResult<bool>.Ok(true);
        }
        catch (AuthenticationFailedException e)
        {
            return ProviderResult<bool>.Fail(EntraErrors.Failure(e, transient: false, "Entra refused the connection's credentials", $"Entra at {config.AuthorityHost}"));
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException or AggregateException or HttpRequestException or TaskCanceledException
                                  && !cancellationToken.IsCancellationRequested)
        {
            // Azure.Identity wraps most transport failures itself; these are the ones that reach here bare.
            return ProviderResult<bool>.Fail(ProviderFailures.From(e, $"Entra at {config.AuthorityHost}", "Entra refused the connection's credentials"));
        }
    }

    public static string ClientSecretOf(ConnectionSecret connection) =>
        connection.Credentials.GetProperty("clientSecret").GetString() ?? throw new JsonException("The connection has no clientSecret.");

    private static Uri? HttpsUri(JsonElement endpoints, string name, ValidationErrors errors)
    {
        var text = Json.OptionalString(endpoints, name, errors, $"endpoints.{name}");
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(uri.Query))
        {
            return uri;
        }

        // Entra libraries refuse plain-http authorities, and secrets must not travel unencrypted.
        errors.Add($"endpoints.{name}", "must be an absolute https URL without a query");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")]
    private static partial Regex TenantDomain();
}
