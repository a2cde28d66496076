namespace Keyturn.Server.Hosting;

/// <summary>A TLS file that cannot be served: the message names the file and what is wrong with it, in one line.</summary>
public sealed class TlsFileException(string message, Exception? inner = null) : Exception(message, inner);
