using Keyturn.AzureEmulator.Registrations;
using Keyturn.AzureEmulator.Http;

namespace Keyturn.AzureEmulator;

/// <summary>
/// In-process control of a running emulator, for tests and the standalone CLI. Thread-safe.
/// Every operation is also served over HTTP under /_emulator/ (see <c>ControlEndpoints</c>).
/// Changes made here are not subject to Graph permissions, faults or the propagation delay: they model a human
/// using the portal, whereas the propagation delay models the replication a Graph addPassword goes through.
/// </summary>
public sealed class EmulatorControl
{
    private readonly EmulatorServices services;

    internal EmulatorControl(EmulatorServices services) => this.services = services;

    /// <summary>How long a secret added through Graph addPassword is rejected by the token endpoint. Not negative.</summary>
    public TimeSpan PropagationDelay
    {
        get => services.Directory.PropagationDelay;
        set => services.Directory.PropagationDelay = value;
    }

    /// <summary>Registers an app. Roles are Graph application permissions, e.g. "Application.ReadWrite.OwnedBy".</summary>
    public EmulatedApp CreateApplication(string displayName, IEnumerable<string> appRoles, IEnumerable<string> ownerObjectIds, bool withInitialSecret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(appRoles);
        ArgumentNullException.ThrowIfNull(ownerObjectIds);
        return services.Directory.CreateApplication(displayName, appRoles, ownerObjectIds, withInitialSecret).ToEmulatedApp();
    }

    /// <summary>
    /// Makes <paramref name="ownerObjectId"/> an owner of the app, as `az ad app owner add` does. An app listed as an owner
    /// of its own registration may, with Application.ReadWrite.OwnedBy, rotate its own client secret.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No app has this object id.</exception>
    public void AddOwner(string objectId, string ownerObjectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerObjectId);
        if (!services.Directory.AddOwner(objectId, ownerObjectId))
        {
            throw new KeyNotFoundException($"No application with object id '{objectId}'.");
        }
    }

    /// <summary>Adds a password as a human in the portal would (valid at once) and returns its secret text.</summary>
    /// <exception cref="KeyNotFoundException">No app has this object id.</exception>
    /// <exception cref="InvalidOperationException">The app already holds the maximum number of credentials, or the end is not after now.</exception>
    public string AddPassword(string objectId, string displayName, DateTimeOffset? endDateTime = null) =>
        AddPasswordWithKey(objectId, displayName, endDateTime).SecretText;

    /// <exception cref="KeyNotFoundException">No app has this object id.</exception>
    public IReadOnlyList<PasswordCredentialInfo> ListPasswords(string objectId) =>
        services.Directory.FindByObjectId(objectId) is { } app
            ? [.. app.Credentials.Select(c => c.ToInfo())]
            : throw new KeyNotFoundException($"No application with object id '{objectId}'.");

    /// <summary>Removes a password; false when the app or the key does not exist.</summary>
    public bool RemovePassword(string objectId, Guid keyId) =>
        services.Directory.RemovePassword(objectId, keyId) == RemovePasswordOutcome.Removed;

    /// <summary>Whether the token endpoint would accept this client id and secret right now (propagation and expiry included).</summary>
    public bool Authenticates(string clientId, string secret) =>
        services.Directory.CheckSecret(clientId, secret) == SecretCheck.Valid;

    /// <summary>
    /// How long after a Graph password reset the password grant still accepts the previous password and refuses the new
    /// one (Entra's replication). Not negative; default zero.
    /// </summary>
    public TimeSpan PasswordPropagationDelay
    {
        get => services.Directory.PasswordPropagationDelay;
        set => services.Directory.PasswordPropagationDelay = value;
    }

    /// <summary>
    /// Adds a user "{name}@keyturn.onmicrosoft.com" (or <paramref name="name"/> itself when it holds an '@') with a fresh
    /// password that works at once. Privileged users hold Global Administrator: only a privileged caller may reset them.
    /// </summary>
    /// <exception cref="InvalidOperationException">A user with that userPrincipalName exists.</exception>
    public EmulatedUser CreateUser(string name, bool privileged = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return services.Directory.CreateUser(name, privileged).ToEmulatedUser();
    }

    /// <summary>A user by object id or userPrincipalName, or null.</summary>
    public EmulatedUser? FindUser(string idOrUpn) => services.Directory.FindUser(idOrUpn)?.ToEmulatedUser();

    /// <summary>Registers an app with "Allow public client flows" on, for the password grant.</summary>
    public EmulatedApp CreatePublicClient(string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        return services.Directory.CreatePublicClient(displayName).ToEmulatedApp();
    }

    /// <summary>Whether the password grant would accept this username and password right now (propagation included).</summary>
    public bool SignsIn(string userPrincipalName, string password) =>
        services.Directory.CheckSignIn(userPrincipalName, password) == Users.SignInCheck.Valid;

    /// <summary>Whether the user's password, as last set (replication ignored), is this one; false for an unknown user.</summary>
    public bool HasPassword(string idOrUpn, string password) => services.Directory.HasPassword(idOrUpn, password);

    public void InjectFault(FaultRule rule) => services.Faults.Inject(rule);

    public void ClearFaults() => services.Faults.Clear();

    /// <summary>How many token, discovery and Graph requests matched (same matching as <see cref="FaultRule"/>).</summary>
    public int RequestCount(string method, string pathContains) => services.Requests.Count(method, pathContains);

    /// <summary>
    /// The most requests matching <paramref name="method"/> and any of <paramref name="pathContainsAny"/> that were in
    /// flight at once; a request is in flight from its arrival until its answer, an injected delay included.
    /// </summary>
    public int MaxInFlight(string method, params string[] pathContainsAny) => services.Requests.MaxInFlight(method, pathContainsAny);

    internal (Guid KeyId, string SecretText) AddPasswordWithKey(string objectId, string displayName, DateTimeOffset? endDateTime)
    {
        var outcome = services.Directory.AddPassword(objectId, displayName, null, endDateTime, propagates: false);
        return outcome.Status switch
        {
            AddPasswordStatus.Added => (outcome.Credential!.KeyId, outcome.SecretText!),
            AddPasswordStatus.AppNotFound => throw new KeyNotFoundException($"No application with object id '{objectId}'."),
            AddPasswordStatus.SizeExceeded => throw new InvalidOperationException($"Application '{objectId}' already has the maximum number of password credentials."),
            _ => throw new InvalidOperationException("The end date must be after the start date."),
        };
    }
}
