namespace Keyturn.Server.Http;

/// <summary>
/// Endpoint metadata: what a request to this route is recorded as. <paramref name="ResourceIdParameter"/> names the
/// route value that identifies the resource (null for lists and creates, whose service entry carries the new id).
/// </summary>
public sealed record AuditedRoute(string Action, string ResourceType, string? ResourceIdParameter);
