using System.Text;

namespace Keyturn.Core.Connections;

/// <summary>
/// A connection to make, as the API read and checked it. The envelope (name, description) is typed; the app's own
/// fields (method, credentials, endpoints, …) differ per app, so its <see cref="IAppConnectionHandler"/> read them into
/// <paramref name="Connection"/>, whose credentials stay a JSON document only that handler understands.
/// </summary>
public sealed record CreateConnectionCommand(string App, string Name, string? Description, ParsedConnection Connection)
{
    // The generated ToString would print the credentials; a command that reaches a log must not carry them there.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"App = {App}, Name = {Name}, Method = {Connection.Method}");
        return true;
    }
}
