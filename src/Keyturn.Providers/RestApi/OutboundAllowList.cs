using System.Net;
using System.Net.Sockets;

namespace Keyturn.Providers.RestApi;

/// <summary>
/// Where the server may send outbound rotation requests (--outbound-allow host[:port],…; empty by default, so nothing
/// is reachable until an operator says so). A name is checked before DNS and its addresses after: an address that is not
/// public (loopback, private, link-local, …) is reached only when the list names that address itself, so an allowed
/// name that resolves (or is rebound) to an internal address does not open the way there.
/// </summary>
public sealed class OutboundAllowList
{
    public const int DefaultPort = 443;
    private readonly IReadOnlyList<(string Host, int Port)> _entries;

    private OutboundAllowList(IReadOnlyList<(string Host, int Port)> entries) => _entries = entries;

    public static OutboundAllowList Empty { get; } = new([]);

    public IReadOnlyList<string> Entries => [.. _entries.Select(e => $"{(e.Host.Contains(':') ? $"[{e.Host}]" : e.Host)}:{e.Port}")];

    /// <summary>Parses "host", "host:port", "1.2.3.4:port" or "[::1]:port"; a port left out means 443.</summary>
    /// <exception cref="ArgumentException">An entry is not of that form (start-up refuses it with this message).</exception>
    public static OutboundAllowList Parse(IEnumerable<string> entries)
    {
        var parsed = new List<(string, int)>();
        foreach (var raw in entries.SelectMany(e => e.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!Uri.TryCreate($"https://{raw}/", UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Host.Length == 0)
            {
                throw new ArgumentException($"--outbound-allow: '{raw}' is not host[:port] (e.g. api.example.com or 10.0.0.5:8443).");
            }

            parsed.Add((Normalize(uri.IdnHost), uri.Port));
        }

        return new OutboundAllowList(parsed);
    }

    /// <summary>Whether a request may be addressed to this host name (or literal) and port.</summary>
    public bool Allows(string host, int port) => _entries.Any(e => e.Port == port && e.Host == Normalize(host));

    /// <summary>Whether a connection to <paramref name="address"/> may be opened: listed itself, or public.</summary>
    public bool AllowsAddress(IPAddress address)
    {
        var actual = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _entries.Any(e => IPAddress.TryParse(e.Host, out var listed) && listed.Equals(actual)) || IsPublic(actual);
    }

    private static string Normalize(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    private static bool IsPublic(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
    }
}
