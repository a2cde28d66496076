using System.Security;
using Keyturn.AzureEmulator.Http;
using Keyturn.AzureEmulator.ResourceManager;

namespace Keyturn.AzureEmulator.Storage;

/// <summary>
/// Two Blob service calls that prove a key: List Containers (GET ?comp=list) and Get Service Properties
/// (GET ?restype=service&amp;comp=properties), path-style at /{account}/ on the emulator's own listener. Each checks the
/// Shared Key signature against key1 and key2; Kerberos keys never sign data requests, as at Azure.
/// </summary>
internal static class BlobEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services, StorageAccountStore store)
    {
        // A catch-all, because routing would not match "/{account}/" with its trailing slash; any more specific route
        // (Graph, discovery) wins over it. Only the account root (service-level calls) is served.
        routes.MapGet("/{accountName}/{**rest}", (HttpContext context, string accountName, string? rest) => string.IsNullOrEmpty(rest?.Trim('/'))
            ? Handle(context, services, store, accountName)
            : StorageError.Result(context, services.Time, 404, "ResourceNotFound", "The specified resource does not exist."));
    }

    private static IResult Handle(HttpContext context, EmulatorServices services, StorageAccountStore store, string accountName)
    {
        var time = services.Time;
        if (store.FindByName(accountName) is not { } account)
        {
            return StorageError.Result(context, time, 404, "ResourceNotFound", "The specified resource does not exist.");
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return StorageError.Result(context, time, 401, "NoAuthenticationInformation",
                "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.");
        }

        var stringToSign = SharedKeySignature.StringToSign(context.Request, accountName);
        var prefix = $"SharedKey {accountName}:";
        var signature = authorization.StartsWith(prefix, StringComparison.Ordinal) ? authorization[prefix.Length..] : null;
        var signingKeys = account.Keys.Where(k => k.KeyName is "key1" or "key2");
        if (signature is null || !signingKeys.Any(k => SharedKeySignature.Matches(signature, stringToSign, k.Value)))
        {
            return StorageError.Result(context, time, 403, StorageError.AuthenticationFailed,
                "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
                $"The MAC signature found in the HTTP request '{signature}' is not the same as any computed signature. Server used following string to sign: '{stringToSign}'.");
        }

        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-version"] = context.Request.Headers["x-ms-version"].ToString();
        var query = context.Request.Query;
        return (query["restype"].ToString(), query["comp"].ToString()) switch
        {
            ("", "list") => Xml($"""<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="{SecurityElement.Escape(ResourceManagerEndpoints.BlobEndpoint(context, accountName))}"><Containers /><NextMarker /></EnumerationResults>"""),
            ("service", "properties") => Xml("""<?xml version="1.0" encoding="utf-8"?><StorageServiceProperties><Logging><Version>1.0</Version><Read>false</Read><Write>false</Write><Delete>false</Delete><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></Logging><HourMetrics><Version>1.0</Version><Enabled>false</Enabled><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></HourMetrics><MinuteMetrics><Version>1.0</Version><Enabled>false</Enabled><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></MinuteMetrics><Cors /></StorageServiceProperties>"""),
            _ => StorageError.Result(context, time, 400, "InvalidQueryParameterValue", "Value for one of the query parameters specified in the request URI is invalid."),
        };
    }

    private static IResult Xml(string body) => Results.Text(body, "application/xml");
}
