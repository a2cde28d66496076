namespace Keyturn.Server.Hosting;

public enum TlsReloadResult
{
    Replaced,
    Unchanged,
    Failed,
}

/// <summary>What a reload did; <paramref name="Served"/> is the pair served after it, <paramref name="Error"/> says why a load failed.</summary>
public sealed record TlsReloadOutcome(TlsReloadResult Result, TlsServerCertificate Served, string? Error);
