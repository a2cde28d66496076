namespace Keyturn.TestProviders.Target;

/// <summary>
/// Everything a test target holds, as one JSON document. Each provider uses its own part: additive credentials, named
/// fixed slots, or one password. <see cref="Changes"/> is append-only, so a test can tell what the server changed.
/// </summary>
public sealed class TargetState
{
    /// <summary>The secret a "test" app connection must present (its credentials.token).</summary>
    public string AdminToken { get; set; } = "";

    /// <summary>When set, every verify is refused: drives the verify-failure and rollback paths.</summary>
    public bool VerifyFails { get; set; }

    /// <summary>
    /// When set, verify throws, as a provider with a bug would: the attempt ends by an exception, not a failure value,
    /// and leaves its job open while the server runs on.
    /// </summary>
    public bool VerifyThrows { get; set; }

    /// <summary>Additive: credentials created next to each other, each with a label.</summary>
    public List<TargetCredential> Credentials { get; set; } = [];

    /// <summary>Fixed-slot: slot name (key1, user1, …) to its current value.</summary>
    public Dictionary<string, string> Slots { get; set; } = [];

    /// <summary>In-place: the one password; null until first set.</summary>
    public string? Password { get; set; }

    public List<TargetChange> Changes { get; set; } = [];

    public void Record(string operation, string subject, string? label, DateTimeOffset at) =>
        Changes.Add(new TargetChange(Changes.Count + 1, operation, subject, label, at));
}

/// <summary>A credential an additive target made; <see cref="Label"/> is what the caller asked it to carry.</summary>
public sealed record TargetCredential(string Id, string Label, string Secret, DateTimeOffset? ExpiresAt);

/// <summary>One change the target accepted: "create", "revoke", "regenerate" or "set", of a credential id, slot or "password".</summary>
public sealed record TargetChange(int Sequence, string Operation, string Subject, string? Label, DateTimeOffset At);
