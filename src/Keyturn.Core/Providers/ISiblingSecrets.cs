namespace Keyturn.Core.Providers;

/// <summary>
/// Read access to the other secrets of a rotation's environment and path, for providers whose target is authorised by
/// a credential kept there (a REST rotator's API token, a script's attached records), as Keeper keeps an admin
/// credential in a separate record. Providers read only the names their parameters declare.
/// </summary>
public interface ISiblingSecrets
{
    /// <summary>The secret's current value, or null when no secret of that name exists at the rotation's path.</summary>
    Task<SiblingSecret?> ReadAsync(string name, CancellationToken cancellationToken);
}

/// <summary>One secret read for a provider call; <see cref="Value"/> is secret and never logged.</summary>
public sealed record SiblingSecret(Guid Id, string Name, string Value);

/// <summary>For contexts built without a store (unit tests of providers that read none): every name is absent.</summary>
public sealed class NoSiblingSecrets : ISiblingSecrets
{
    public static readonly NoSiblingSecrets Instance = new();

    public Task<SiblingSecret?> ReadAsync(string name, CancellationToken cancellationToken) => Task.FromResult<SiblingSecret?>(null);
}
