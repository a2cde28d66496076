using System.Security.Cryptography;

namespace Keyturn.AzureEmulator.Registrations;

/// <summary>
/// The emulated tenant's app registrations. Thread-safe: every read and write takes one lock, and apps are
/// immutable records replaced on change, so callers never see a half-updated app. When a state file is given,
/// every change is written to it before the lock is released.
/// </summary>
internal sealed partial class DirectoryStore
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(730);

    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredApp> apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly StateFile? stateFile;
    private readonly TimeProvider time;
    private readonly int maxCredentials;
    private TimeSpan propagationDelay;

    private DirectoryStore(StateDocument document, StateFile? stateFile, AzureEmulatorOptions options)
    {
        TenantId = document.TenantId;
        TokenSigningKey = Convert.FromBase64String(document.TokenSigningKey);
        AdminObjectId = document.AdminObjectId;
        TargetObjectId = document.TargetObjectId;
        foreach (var app in document.Apps)
        {
            apps[app.ObjectId] = app;
        }

        this.stateFile = stateFile;
        time = options.TimeProvider;
        maxCredentials = options.MaxPasswordCredentialsPerApp;
        propagationDelay = options.PropagationDelay;
        LoadOrSeedUsers(document.Users);
    }

    public string TenantId { get; }

    public byte[] TokenSigningKey { get; }

    public string AdminObjectId { get; }

    public string TargetObjectId { get; }

    public TimeSpan PropagationDelay
    {
        get { lock (gate) { return propagationDelay; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (gate) { propagationDelay = value; }
        }
    }

    /// <summary>Loads the directory from the state file, or seeds a fresh tenant with the admin and target apps.</summary>
    public static DirectoryStore OpenOrSeed(StateFile? stateFile, AzureEmulatorOptions options)
    {
        var existing = stateFile?.TryLoad();
        if (existing is not null)
        {
            return new DirectoryStore(existing, stateFile, options);
        }

        var now = options.TimeProvider.GetUtcNow();
        var adminSecret = SecretGenerator.NewSecret();
        var admin = NewApp("keyturn-admin", [AppRoles.ApplicationReadWriteAll], [], adminSecret, "initial", now);
        var targetSecret = SecretGenerator.NewSecret();
        var target = NewApp("keyturn-target", [], [admin.ObjectId], targetSecret, "manual", now);
        var document = new StateDocument(
            Guid.NewGuid().ToString(),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            admin.ObjectId,
            target.ObjectId,
            [admin, target]);
        stateFile?.Save(document);
        return new DirectoryStore(document, stateFile, options);
    }

    public StoredApp? FindByObjectId(string objectId)
    {
        lock (gate)
        {
            return apps.GetValueOrDefault(objectId);
        }
    }

    public StoredApp? FindByClientId(string clientId)
    {
        lock (gate)
        {
            return apps.Values.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<StoredApp> All()
    {
        lock (gate)
        {
            return [.. apps.Values.OrderBy(a => a.DisplayName, StringComparer.Ordinal)];
        }
    }

    public StoredApp CreateApplication(string displayName, IEnumerable<string> appRoles, IEnumerable<string> ownerObjectIds, bool withInitialSecret)
    {
        var app = NewApp(
            displayName,
            [.. appRoles],
            [.. ownerObjectIds],
            withInitialSecret ? SecretGenerator.NewSecret() : null,
            "initial",
            time.GetUtcNow());
        lock (gate)
        {
            apps[app.ObjectId] = app;
            Persist();
        }

        return app;
    }

    /// <param name="propagates">True for Graph addPassword: the secret is rejected until the propagation delay has passed.</param>
    public AddPasswordOutcome AddPassword(string objectId, string? displayName, DateTimeOffset? start, DateTimeOffset? end, bool propagates)
    {
        var now = time.GetUtcNow();
        var startAt = start ?? now;
        var endAt = end ?? startAt + DefaultLifetime;
        if (endAt <= startAt)
        {
            return new AddPasswordOutcome(AddPasswordStatus.InvalidDates);
        }

        lock (gate)
        {
            if (!apps.TryGetValue(objectId, out var app))
            {
                return new AddPasswordOutcome(AddPasswordStatus.AppNotFound);
            }

            if (app.Credentials.Count >= maxCredentials)
            {
                return new AddPasswordOutcome(AddPasswordStatus.SizeExceeded);
            }

            var secret = SecretGenerator.NewSecret();
            var propagatedAt = propagates ? now + propagationDelay : now;
            var credential = new StoredCredential(
                Guid.NewGuid(), displayName, SecretGenerator.Hint(secret), SecretGenerator.Hash(secret),
                startAt, endAt, propagatedAt > startAt ? propagatedAt : startAt);
            apps[objectId] = app with { Credentials = [.. app.Credentials, credential] };
            Persist();
            return new AddPasswordOutcome(AddPasswordStatus.Added, credential, secret);
        }
    }

    public RemovePasswordOutcome RemovePassword(string objectId, Guid keyId)
    {
        lock (gate)
        {
            if (!apps.TryGetValue(objectId, out var app))
            {
                return RemovePasswordOutcome.AppNotFound;
            }

            if (!app.Credentials.Any(c => c.KeyId == keyId))
            {
                return RemovePasswordOutcome.KeyNotFound;
            }

            apps[objectId] = app with { Credentials = [.. app.Credentials.Where(c => c.KeyId != keyId)] };
            Persist();
            return RemovePasswordOutcome.Removed;
        }
    }

    /// <summary>Adds an owner to an app (idempotent); false when the app does not exist.</summary>
    public bool AddOwner(string objectId, string ownerObjectId)
    {
        lock (gate)
        {
            if (!apps.TryGetValue(objectId, out var app))
            {
                return false;
            }

            if (!app.IsOwnedBy(ownerObjectId))
            {
                apps[objectId] = app with { OwnerObjectIds = [.. app.OwnerObjectIds, ownerObjectId] };
                Persist();
            }

            return true;
        }
    }

    /// <summary>Judges a client id and secret the way the token endpoint does, at the current emulated time.</summary>
    public SecretCheck CheckSecret(string clientId, string secret)
    {
        var app = FindByClientId(clientId);
        if (app is null)
        {
            return SecretCheck.UnknownClient;
        }

        var now = time.GetUtcNow();
        var matching = app.Credentials.Where(c => SecretGenerator.Matches(secret, c.SecretHash)).ToList();
        if (matching.Any(c => c.AuthenticatesFrom <= now && (c.EndDateTime is null || now < c.EndDateTime)))
        {
            return SecretCheck.Valid;
        }

        // Entra names expiry only when the secret itself is right; a not-yet-replicated secret looks simply wrong.
        return matching.Any(c => c.EndDateTime is { } end && now >= end) ? SecretCheck.Expired : SecretCheck.InvalidSecret;
    }

    private static StoredApp NewApp(
        string displayName, IReadOnlyList<string> roles, IReadOnlyList<string> owners, string? secret, string secretName, DateTimeOffset now)
    {
        IReadOnlyList<StoredCredential> credentials = secret is null
            ? []
            : [new StoredCredential(Guid.NewGuid(), secretName, SecretGenerator.Hint(secret), SecretGenerator.Hash(secret), now, now + DefaultLifetime, now)];
        return new StoredApp(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), displayName, roles, owners, credentials, secret);
    }

    // Caller holds the lock, so the file always reflects a state that existed in memory.
    private void Persist() =>
        stateFile?.Save(new StateDocument(
            TenantId, Convert.ToBase64String(TokenSigningKey), AdminObjectId, TargetObjectId, [.. apps.Values])
        {
            Users = UserState(),
        });
}
