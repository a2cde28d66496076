namespace Keyturn.Core.Storage;

/// <summary>The newest schema version a database holds, and the newest this build knows (readiness compares them).</summary>
public sealed record SchemaVersion(int Applied, int Expected)
{
    public bool IsCurrent => Applied == Expected;
}
