using Keyturn.Server.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Access;

/// <summary>One /api route as the running server's route table has it: its key, declaration (null when missing) and whether it is anonymous.</summary>
public sealed record LiveRoute(string Key, RouteDeclaration? Declaration, bool IsAnonymous);

/// <summary>Reads the /api routes from a running server's EndpointDataSource, so what is checked is what is served.</summary>
public static class LiveRoutes
{
    public static IReadOnlyDictionary<string, LiveRoute> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(method => new LiveRoute(
                RouteDeclarations.Key(method, e.RoutePattern),
                e.Metadata.GetMetadata<RouteDeclaration>(),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .ToDictionary(r => r.Key, StringComparer.Ordinal);
}
