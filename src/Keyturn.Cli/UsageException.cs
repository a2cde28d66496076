namespace Keyturn.Cli;

/// <summary>The command line is wrong in a way the parser could not see (e.g. no token). Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
