namespace Keyturn.Server.Http;

/// <summary>Who made the request, as written to audit entries: the principal's actor, or "anonymous" before login.</summary>
public static class Actor
{
    public static string Of(HttpContext context) => RequestPrincipal.Find(context)?.Actor ?? "anonymous";
}
