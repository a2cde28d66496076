namespace Keyturn.Cli;

/// <summary>No HTTP answer came back from the server at all. Exit code 1.</summary>
internal sealed class ServerUnreachableException(Uri address, string reason, Exception? inner = null)
    : Exception($"cannot reach {address.GetLeftPart(UriPartial.Authority)}: {reason}", inner);
