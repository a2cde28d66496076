using System.Net;
using System.Net.Sockets;

namespace Keyturn.Tests.Shared;

/// <summary>Loopback ports for tests: one the OS just handed out and that nothing listens on any more.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// Bound, read and released: free for a server the test starts on it, or, left alone, a port where a connection
    /// is refused (the "provider could not be reached" and "webhook endpoint down" cases).
    /// </summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
