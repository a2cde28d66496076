using Keyturn.Core.Access;

namespace Keyturn.Server.Http;

/// <summary>
/// Endpoint metadata: what a request to this route is recorded as, and what it needs. <paramref name="ResourceIdParameter"/>
/// names the route value that identifies the resource (null for lists and creates, whose service entry carries the
/// new id). <paramref name="Permission"/> is the right the service behind the route checks (docs/access.md); the
/// permission-matrix test holds every route to it.
/// </summary>
public sealed record RouteDeclaration(string Action, string ResourceType, string? ResourceIdParameter, Permission Permission);
