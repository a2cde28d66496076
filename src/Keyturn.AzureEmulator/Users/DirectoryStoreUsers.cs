using Keyturn.AzureEmulator.Users;

namespace Keyturn.AzureEmulator.Registrations;

/// <summary>
/// The users half of the directory, under the same lock and state file as the apps. A password reset replicates:
/// until the password propagation delay has passed, sign-ins still accept the previous password and refuse the new
/// one, as a replica that has not yet seen the reset would.
/// </summary>
internal sealed partial class DirectoryStore
{
    public const string TenantDomain = "keyturn.onmicrosoft.com";

    private readonly Dictionary<string, StoredUser> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> publicClients = new(StringComparer.OrdinalIgnoreCase);
    private UserDirectoryState? userSeeds;
    private TimeSpan passwordPropagationDelay;

    public string NormalUserObjectId => userSeeds!.NormalUserObjectId;

    public string PrivilegedUserObjectId => userSeeds!.PrivilegedUserObjectId;

    public string PublicClientObjectId => userSeeds!.PublicClientObjectId;

    /// <summary>How long after a Graph password reset sign-ins keep seeing the previous password. Not negative.</summary>
    public TimeSpan PasswordPropagationDelay
    {
        get { lock (gate) { return passwordPropagationDelay; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (gate) { passwordPropagationDelay = value; }
        }
    }

    public StoredUser? FindUser(string idOrUpn)
    {
        lock (gate)
        {
            return users.GetValueOrDefault(idOrUpn) ?? users.Values.FirstOrDefault(u => u.IsNamedBy(idOrUpn));
        }
    }

    public bool IsPublicClient(StoredApp app)
    {
        lock (gate)
        {
            return publicClients.Contains(app.ObjectId);
        }
    }

    /// <summary>Adds a user with a fresh password that meets Entra's rule, usable at once.</summary>
    public StoredUser CreateUser(string name, bool privileged)
    {
        var user = NewUser(name, privileged, time.GetUtcNow());
        lock (gate)
        {
            if (users.Values.Any(u => u.IsNamedBy(user.UserPrincipalName)))
            {
                throw new InvalidOperationException($"A user named '{user.UserPrincipalName}' already exists.");
            }

            users[user.ObjectId] = user;
            Persist();
        }

        return user;
    }

    /// <summary>Registers an app with "Allow public client flows" on (no secret).</summary>
    public StoredApp CreatePublicClient(string displayName)
    {
        var app = CreateApplication(displayName, [], [], withInitialSecret: false);
        lock (gate)
        {
            publicClients.Add(app.ObjectId);
            Persist();
        }

        return app;
    }

    /// <param name="propagates">True for Graph: the new password reaches sign-ins only after the propagation delay.</param>
    public PasswordResetOutcome ResetPassword(string objectId, string password, bool propagates)
    {
        if (!PasswordComplexity.IsMet(password))
        {
            return PasswordResetOutcome.ComplexityNotMet;
        }

        lock (gate)
        {
            if (!users.TryGetValue(objectId, out var user))
            {
                return PasswordResetOutcome.UserNotFound;
            }

            var now = time.GetUtcNow();
            users[objectId] = user with
            {
                PasswordHash = SecretGenerator.Hash(password),
                PreviousPasswordHash = user.PasswordHash,
                PasswordPropagatesAt = propagates ? now + passwordPropagationDelay : now,
            };
            Persist();
            return PasswordResetOutcome.Reset;
        }
    }

    /// <summary>Judges a username and password the way the password grant does, at the current emulated time.</summary>
    public SignInCheck CheckSignIn(string userPrincipalName, string password)
    {
        var user = FindUser(userPrincipalName);
        if (user is null || !string.Equals(user.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase))
        {
            return SignInCheck.UnknownUser;
        }

        if (!user.AccountEnabled)
        {
            return SignInCheck.Disabled;
        }

        var replicated = time.GetUtcNow() >= user.PasswordPropagatesAt;
        var expected = replicated ? user.PasswordHash : user.PreviousPasswordHash ?? user.PasswordHash;
        return SecretGenerator.Matches(password, expected) ? SignInCheck.Valid : SignInCheck.InvalidPassword;
    }

    /// <summary>Whether the user's password, as last set, is this one (replication ignored).</summary>
    public bool HasPassword(string idOrUpn, string password) =>
        FindUser(idOrUpn) is { } user && SecretGenerator.Matches(password, user.PasswordHash);

    // Called last by the constructor. A state file written before users existed gets the seeds now, and the admin
    // app gains the rights to reset non-privileged users' passwords, as a fresh tenant has.
    private void LoadOrSeedUsers(UserDirectoryState? state)
    {
        if (state is not null)
        {
            userSeeds = state;
            foreach (var user in state.Users)
            {
                users[user.ObjectId] = user;
            }

            publicClients.UnionWith(state.PublicClientObjectIds);
            return;
        }

        var now = time.GetUtcNow();
        var normal = NewUser("alex", privileged: false, now);
        var privileged = NewUser("admin", privileged: true, now);
        var publicClient = NewApp("keyturn-public-client", [], [], null, "initial", now);
        lock (gate)
        {
            users[normal.ObjectId] = normal;
            users[privileged.ObjectId] = privileged;
            apps[publicClient.ObjectId] = publicClient;
            publicClients.Add(publicClient.ObjectId);
            if (apps.TryGetValue(AdminObjectId, out var admin))
            {
                string[] extra = [UserAccess.UserReadAll, UserAccess.UserPasswordProfileReadWriteAll, DirectoryRoles.UserAdministrator];
                apps[AdminObjectId] = admin with { AppRoles = [.. admin.AppRoles.Union(extra, StringComparer.OrdinalIgnoreCase)] };
            }

            userSeeds = new UserDirectoryState(normal.ObjectId, privileged.ObjectId, publicClient.ObjectId, [], []);
            Persist();
        }
    }

    private UserDirectoryState UserState() =>
        userSeeds! with { PublicClientObjectIds = [.. publicClients], Users = [.. users.Values] };

    private static StoredUser NewUser(string name, bool privileged, DateTimeOffset now)
    {
        var password = SecretGenerator.NewSecret();
        var upn = name.Contains('@', StringComparison.Ordinal) ? name : $"{name}@{TenantDomain}";
        return new StoredUser(Guid.NewGuid().ToString(), upn, name.Split('@')[0], AccountEnabled: true, privileged,
            SecretGenerator.Hash(password), null, now, password);
    }
}
