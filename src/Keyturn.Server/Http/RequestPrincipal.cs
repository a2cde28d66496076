using Keyturn.Core.Access;

namespace Keyturn.Server.Http;

/// <summary>The <see cref="Principal"/> the bearer-token filter found for this request; endpoints pass it to services.</summary>
public static class RequestPrincipal
{
    private const string Key = "keyturn.principal";

    public static void Set(HttpContext context, Principal principal) => context.Items[Key] = principal;

    /// <summary>The request's principal; only anonymous routes (login) have none, and they must not ask.</summary>
    public static Principal Of(HttpContext context) =>
        Find(context) ?? throw new InvalidOperationException("This route has no authenticated principal (is it anonymous?).");

    public static Principal? Find(HttpContext context) => context.Items[Key] as Principal;
}
