namespace Keyturn.Providers.RestApi;

/// <summary>Raised inside the connect step when the allow-list refuses a destination; nothing was sent.</summary>
public sealed class OutboundRefusedException(string message) : Exception(message);
