namespace Keyturn.Core.Notifications;

/// <summary>The event names subscriptions choose from; they are part of the webhook API.</summary>
public static class RotationEventTypes
{
    public const string Succeeded = "rotation.succeeded";
    public const string Failed = "rotation.failed";
    public const string Upcoming = "rotation.upcoming";
    public const string CredentialExpiring = "credential.expiring";

    /// <summary>A reconcile found something at the target that does not match what the rotation owns.</summary>
    public const string DriftDetected = "rotation.drift";

    public static readonly IReadOnlyList<string> All = [Succeeded, Failed, Upcoming, CredentialExpiring, DriftDetected];
}
