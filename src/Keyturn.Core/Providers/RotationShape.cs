namespace Keyturn.Core.Providers;

/// <summary>How a new credential comes to exist at the target; the engine runs one strategy per shape (docs/rotation-engine.md).</summary>
public enum RotationShape
{
    /// <summary>The target creates a new credential next to the old one and returns its secret (Azure client secrets).</summary>
    Additive,

    /// <summary>The target has fixed named slots whose credential is regenerated or set in place (storage key1/key2, database user1/user2).</summary>
    FixedSlot,

    /// <summary>One credential, overwritten with an engine-generated secret (a user password, a password behind a REST API).</summary>
    InPlace,
}
