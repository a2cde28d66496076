namespace Keyturn.Cli;

/// <summary>Where the server is and how to authenticate; resolved from flags, then environment, then defaults.</summary>
/// <remarks>A record prints its members, so ToString is overridden to keep the token out of any log or error.</remarks>
internal sealed record ServerSettings(Uri Address, string Token)
{
    public override string ToString() => $"ServerSettings {{ Address = {Address} }}";
}
