using System.Net;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Http;

/// <summary>
/// Records every /api request in the audit trail, with its outcome, before the answer is sent; fails closed, as Vault
/// does: when the entry cannot be made durable the caller gets a 503 and none of the data. It runs outside the
/// bearer-token filter, so requests refused for want of a valid token are recorded too (actor "anonymous").
/// </summary>
public sealed class RequestAuditFilter(IAuditStore store, TimeProvider timeProvider, ILogger<RequestAuditFilter> logger) : IEndpointFilter
{
    private const int ClientClosedRequest = 499;
    private const string IdentityActorPrefix = "identity:";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sourceIp = SourceAddress(http.Connection.RemoteIpAddress);
        AuditRequestContext.Current = new AuditRequestContext(sourceIp, http.TraceIdentifier, IdentityId: null);
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e)
        {
            // The exception handler answers 500 after this (or the client is gone: 499, as nginx logs it; or the server
            // is stopping: the shutdown gate's 503); the entry is written first, and if it cannot be, the exception still
            // ends the request without data.
            await TryRecordAsync(http, sourceIp, http.RequestAborted.IsCancellationRequested ? ClientClosedRequest
                : e is OperationCanceledException && ShutdownGate.IsStopping(http) ? StatusCodes.Status503ServiceUnavailable
                : StatusCodes.Status500InternalServerError);
            throw;
        }

        var status = StatusOf(result);
        return await TryRecordAsync(http, sourceIp, status)
            ? result
            : Results.Problem(
                detail: "The audit trail could not be written, so the request is not answered. Try again; if it persists, check the database.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Audit trail unavailable");
    }

    private async Task<bool> TryRecordAsync(HttpContext http, string? sourceIp, int status)
    {
        try
        {
            // Not the request's token: a client hanging up after a read must not leave the read unrecorded.
            await store.AppendAuditAsync(Entry(http, sourceIp, status), CancellationToken.None);
            return true;
        }
        catch (Exception e)
        {
            logger.LogError("Writing the audit entry of {Method} {Route} failed ({Error}); the request is refused",
                http.Request.Method, RouteText(http), e.GetType().Name);
            return false;
        }
    }

    private AuditEntry Entry(HttpContext http, string? sourceIp, int status)
    {
        var route = http.GetEndpoint()?.Metadata.GetMetadata<RouteDeclaration>();
        var values = http.Request.RouteValues;
        var resourceId = route?.ResourceIdParameter is { } name ? values[name]?.ToString() : null;
        // Project from the route or, for the Infisical-shaped secret and rotation reads, the query; writes' bodies are
        // the service's business (its own entry names the project).
        var project = values["projectId"]?.ToString() ?? http.Request.Query["workspaceId"].FirstOrDefault() ?? http.Request.Query["projectId"].FirstOrDefault();
        var actor = Actor.Of(http);
        var now = timeProvider.GetUtcNow();
        return new AuditEntry(
            AuditIds.New(now), now, actor, route?.Action ?? $"unlisted {http.Request.Method}", route?.ResourceType ?? "unknown",
            resourceId is { Length: > 0 and <= 200 } ? resourceId : null, Guid.TryParse(project, out var projectId) ? projectId : null,
            System.Text.Json.JsonSerializer.Serialize(new { method = http.Request.Method, route = RouteText(http), status }))
        {
            // Until the Principal carries it, an identity's token names the identity in the actor string.
            IdentityId = actor.StartsWith(IdentityActorPrefix, StringComparison.Ordinal) ? actor[IdentityActorPrefix.Length..] : null,
            SourceIp = sourceIp,
            Outcome = AuditOutcomes.FromStatus(status),
            RequestId = http.TraceIdentifier,
        };
    }

    // The route pattern, never the path: paths and query strings are the caller's text.
    private static string RouteText(HttpContext http) => (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";

    private static int StatusOf(object? result) => result switch
    {
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        _ => StatusCodes.Status200OK,
    };

    private static string? SourceAddress(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
