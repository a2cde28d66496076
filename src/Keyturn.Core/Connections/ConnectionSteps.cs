namespace Keyturn.Core.Connections;

/// <summary>
/// Journal step names of a connection's self-rotation (recovery reads them back, so they are stored format) and the
/// failpoint names around their side effects (<c>KEYTURN_FAILPOINTS=connection-issue:after:crash</c>).
/// </summary>
public static class ConnectionSteps
{
    public const string RevokePrevious = "revoke-previous";
    public const string Issue = "issue";
    public const string Set = "set";
    public const string Verify = "verify";
    public const string Activate = "activate";
    public const string Rollback = "rollback";
    public const string Fail = "fail";

    public const string RevokeFailpoint = "connection-revoke";
    public const string IssueFailpoint = "connection-issue";
    public const string SetFailpoint = "connection-set";
    public const string VerifyFailpoint = "connection-verify";
    public const string ActivateFailpoint = "connection-activate";

    public static readonly IReadOnlyList<string> Failpoints = [RevokeFailpoint, IssueFailpoint, VerifyFailpoint, ActivateFailpoint];

    /// <summary>The failpoints of an in-place self-rotation (a connection that sets its one password).</summary>
    public static readonly IReadOnlyList<string> InPlaceFailpoints = [SetFailpoint, VerifyFailpoint, ActivateFailpoint];

    /// <summary>The label a self-rotation puts on the credential it issues: recovery finds an orphan by it.</summary>
    public static string Label(Guid jobId) => $"keyturn-connection-{jobId}";
}
