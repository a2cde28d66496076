using System.Data.Common;
using System.Net.Sockets;

namespace Keyturn.Cli.Host;

/// <summary>
/// The one line `keyturn server` prints when it cannot start (then exit code 1): what went wrong and, where there is
/// one, the way out. Never a stack trace: a start fails for an operator's reasons (a port in use, a wrong file, a
/// database down), and the messages here name the address, file or directory concerned.
/// </summary>
internal static class StartupFailure
{
    public static string Describe(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var message = failure switch
        {
            _ when Socket(failure) is { } socket => Listening(failure, socket),
            UnauthorizedAccessException => $"permission denied: {failure.Message} (keyturn runs as user '{Environment.UserName}')",
            DbException => $"cannot open the database: {failure.Message}",
            // Options validation names the flag in its own words; the framework's "(Parameter 'RotationConcurrency')" adds nothing.
            ArgumentException { ParamName: { } name } => failure.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
            _ => failure.Message,
        };
        return "error: " + OneLine(message);
    }

    // Kestrel's "Failed to bind to address http://127.0.0.1:8200: address already in use." names the address; the
    // socket error under it says which way out applies.
    private static string Listening(Exception failure, SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => $"{failure.Message} Another process listens there: stop it, or choose another port with --urls.",
        SocketError.AccessDenied => $"{failure.Message} Ports below 1024 need root or CAP_NET_BIND_SERVICE: choose another port with --urls.",
        SocketError.AddressNotAvailable => $"{failure.Message} That address is not one of this machine's: check --urls.",
        _ => failure.Message,
    };

    private static SocketException? Socket(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }

    // Some framework messages span lines (ArgumentOutOfRangeException adds "Actual value was ..."); stderr gets one.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
