using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>
/// Which server and token a command uses: --token or KEYTURN_TOKEN when given, else the stored login (renewed, or
/// logged in again, when it is close to expiry). A stored token is only ever sent to the server it was issued by.
/// </summary>
internal static class ServerCredentials
{
    public static async Task<ServerSettings> ResolveAsync(
        GlobalOptions globals, ParseResult parse, CliContext context, HttpMessageHandler? handler, TimeProvider time, CancellationToken ct)
    {
        if (globals.ExplicitToken(parse, context) is not null || StoredLogin.Load(context) is not { } login)
        {
            return globals.ReadServer(parse, context);
        }

        var address = globals.ReadAddress(parse, context, login.Address);
        if (!SameServer(address, login.Address))
        {
            throw new UsageException($"no API token for {address}: the stored login is for {login.Address} (set KEYTURN_TOKEN or run 'keyturn login')");
        }

        if (UniversalAuth.NeedsRefresh(login, time.GetUtcNow()))
        {
            login = await UniversalAuth.RenewOrLoginAsync(login, handler, time, ct);
            login.Save(context);
        }

        return new ServerSettings(login.Address, login.AccessToken);
    }

    private static bool SameServer(Uri a, Uri b) =>
        string.Equals(a.AbsoluteUri.TrimEnd('/'), b.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
