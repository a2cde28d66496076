namespace Keyturn.Core.Rotation;

public static class RotationStatuses
{
    public const string Pending = "pending";
    public const string Success = "success";
    public const string Failed = "failed";
}

public static class JobTriggers
{
    public const string Create = "create";
    public const string Schedule = "schedule";
    public const string Manual = "manual";
    public const string Resume = "resume";
    public const string Retry = "retry";
}

public static class JobStatuses
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>Journal step names; recovery reads them back, so they are part of the stored format.</summary>
public static class JournalSteps
{
    public const string RevokeInactive = "revoke-inactive";
    public const string Issue = "issue";

    /// <summary>Fixed-slot and in-place: set or regenerate the slot's credential (the engine-generated secret sealed into the intent).</summary>
    public const string Set = "set";

    /// <summary>Fixed-slot, target-generated, on create: read the slot's current value back and take it as is (nothing changes at the target).</summary>
    public const string Adopt = "adopt";
    public const string Verify = "verify";
    public const string Rollback = "rollback";
    public const string Activate = "activate";
    public const string Fail = "fail";
    public const string Intent = "intent";
    public const string Result = "result";
}
