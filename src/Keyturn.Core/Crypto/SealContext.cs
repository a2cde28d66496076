namespace Keyturn.Core.Crypto;

/// <summary>
/// Associated data for each kind of sealed row. Each string names the row uniquely, so ciphertexts cannot be
/// swapped between rows, versions or kinds.
/// </summary>
public static class SealContext
{
    /// <summary>Scope of the data key that seals app connection credentials (connections are not per project).</summary>
    public static readonly Guid ConnectionsScope = new("00000000-0000-0000-0000-00000000c0de");

    public static string SecretVersion(Guid projectId, Guid secretId, int version) => $"secret:{projectId:N}:{secretId:N}:{version}";

    public static string Connection(Guid connectionId) => $"connection:{connectionId:N}";

    public static string Slot(Guid rotationId, int index, Guid jobId) => $"slot:{rotationId:N}:{index}:{jobId:N}";

    public static string Journal(Guid jobId, int sequence) => $"journal:{jobId:N}:{sequence}";

    public static string WebhookSigningSecret(Guid subscriptionId) => $"webhook:{subscriptionId:N}";

    public static string WebhookUrl(Guid subscriptionId) => $"webhook-url:{subscriptionId:N}";
}
