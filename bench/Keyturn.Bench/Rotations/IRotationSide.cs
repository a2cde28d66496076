namespace Keyturn.Bench.Rotations;

/// <summary>
/// One way of rotating a set of Azure app registrations' client secrets: through Keyturn, or by calling the provider
/// directly. Target i is always the same app registration, and a caller never rotates one target twice at once.
/// </summary>
public interface IRotationSide
{
    /// <summary>The row name in the report.</summary>
    string Name { get; }

    /// <summary>How many independent targets (app registrations) there are.</summary>
    int Targets { get; }

    /// <summary>One complete, checked rotation of target <paramref name="target"/>; throws when it did not succeed.</summary>
    Task RotateAsync(int target, CancellationToken cancellationToken);
}
