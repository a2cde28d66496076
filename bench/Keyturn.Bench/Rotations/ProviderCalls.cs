using Keyturn.AzureEmulator;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// The emulator's request counts by kind (it records every token, discovery and Graph request). Taken before and
/// after a run, the difference is what that run asked of the provider.
/// </summary>
public sealed record ProviderCalls(int Token, int Discovery, int GetApplication, int AddPassword, int RemovePassword, int Total)
{
    public static readonly IReadOnlyList<string> Kinds = ["token", "discovery", "GET application", "addPassword", "removePassword", "all"];

    public static ProviderCalls Read(EmulatorControl emulator)
    {
        var discovery = emulator.RequestCount("GET", "/.well-known/") + emulator.RequestCount("GET", "/discovery/");
        return new ProviderCalls(
            emulator.RequestCount("POST", "/oauth2/v2.0/token"),
            discovery,
            emulator.RequestCount("GET", "/v1.0/applications/"),
            emulator.RequestCount("POST", "/addPassword"),
            emulator.RequestCount("POST", "/removePassword"),
            emulator.RequestCount("*", ""));
    }

    public static ProviderCalls operator -(ProviderCalls after, ProviderCalls before) =>
        new(after.Token - before.Token, after.Discovery - before.Discovery, after.GetApplication - before.GetApplication,
            after.AddPassword - before.AddPassword, after.RemovePassword - before.RemovePassword, after.Total - before.Total);

    public static ProviderCalls operator +(ProviderCalls a, ProviderCalls b) =>
        new(a.Token + b.Token, a.Discovery + b.Discovery, a.GetApplication + b.GetApplication,
            a.AddPassword + b.AddPassword, a.RemovePassword + b.RemovePassword, a.Total + b.Total);

    public static ProviderCalls Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public IReadOnlyList<int> Values => [Token, Discovery, GetApplication, AddPassword, RemovePassword, Total];
}
