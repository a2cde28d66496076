namespace Keyturn.Core.Telemetry;

/// <summary>The outcome label of keyturn_rotations_total: how an attempt that ran ended.</summary>
public static class RotationOutcome
{
    /// <summary>The new credential was verified and activated.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The attempt ended as a failure (recorded on the rotation, rolled back where it had to be).</summary>
    public const string Failed = "failed";

    /// <summary>The attempt threw; its job stays open for the recovery sweep.</summary>
    public const string Error = "error";
}
