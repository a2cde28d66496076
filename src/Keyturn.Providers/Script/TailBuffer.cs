using System.Text;

namespace Keyturn.Providers.Script;

/// <summary>Reads a stream to its end keeping only its last characters, so a chatty script cannot fill the server's memory.</summary>
internal static class TailBuffer
{
    public static async Task<string> ReadAsync(StreamReader reader, int keep, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > 2 * keep)
            {
                text.Remove(0, text.Length - keep);
            }
        }

        return text.Length > keep ? text.ToString(text.Length - keep, keep) : text.ToString();
    }
}
