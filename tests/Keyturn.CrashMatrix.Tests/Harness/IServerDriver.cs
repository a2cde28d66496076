namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>Starts, stops and crashes a Keyturn server on one data directory.</summary>
public interface IServerDriver : IAsyncDisposable
{
    /// <summary>The failpoint action this driver stops an attempt with: "crash" (SIGKILL) for a process, "throw" in-process.</summary>
    string FailpointAction { get; }

    /// <summary>Starts the server (none may be running) with KEYTURN_FAILPOINTS = <paramref name="failpoints"/>; its API.</summary>
    Task<Api> StartAsync(string? failpoints);

    /// <summary>After the failpoint fired: makes sure the server is gone (the process died by SIGKILL; the host is stopped).</summary>
    Task CrashedAsync();

    /// <summary>Stops the server if one runs.</summary>
    Task StopAsync();
}
