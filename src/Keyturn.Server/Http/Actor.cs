namespace Keyturn.Server.Http;

/// <summary>Who made the request, as the bearer-token filter found it; written to audit entries.</summary>
public static class Actor
{
    private const string Key = "keyturn.actor";

    public static void Set(HttpContext context, string actor) => context.Items[Key] = actor;

    public static string Of(HttpContext context) => context.Items[Key] as string ?? "anonymous";
}
