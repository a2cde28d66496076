namespace Keyturn.Core.Audit;

/// <summary>
/// What the request being served says about itself (source address, request id, identity), set once by the server
/// for the request's async flow. Services keep writing their detailed entries with an actor only; <see cref="AuditLog"/>
/// adds these, so a service entry can be matched with the request-level entry that carries the outcome.
/// </summary>
public sealed record AuditRequestContext(string? SourceIp, string? RequestId, string? IdentityId)
{
    private static readonly AsyncLocal<AuditRequestContext?> CurrentContext = new();

    public static AuditRequestContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }
}
