namespace Keyturn.Server.Http;

/// <summary>
/// TEMPORARY, while the services learn to check permissions: the route actions whose service does not check the
/// principal yet. An identity's token is refused on them (it must not inherit the root token's rights); each line
/// goes when its service checks <see cref="Keyturn.Core.Access.AccessPolicy"/>, and this file goes with the last.
/// </summary>
public static class AccessTransition
{
    public const string NotYetEnforced = "This route does not check identities' permissions yet; use an API token.";

    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal)
    {
        "project.create", "project.list", "project.get",

        "secret.list", "secret.get", "secret.create", "secret.update", "secret.delete",

        "app-connection.create", "app-connection.list", "app-connection.get", "app-connection.update", "app-connection.delete",
        "app-connection.rotate-credentials", "app-connection.list-credential-rotations",

        "secret-rotation.list-options", "secret-rotation.list", "secret-rotation.create", "secret-rotation.get", "secret-rotation.update",
        "secret-rotation.delete", "secret-rotation.rotate", "secret-rotation.list-history", "secret-rotation.read-generated-credentials",
        "secret-rotation.reconcile",

        "webhook.create", "webhook.list", "webhook.get", "webhook.delete", "webhook.list-deliveries",



    };

    public static bool IsPending(string action) => Pending.Contains(action);
}
