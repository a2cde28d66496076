using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace Keyturn.Server.Hosting;

/// <summary>
/// The console log format of a Keyturn server: one line per entry in either format (a multi-line entry cannot be
/// followed by grep or a log shipper), UTC timestamps, and the scopes (request id, rotation and job ids) in every line,
/// so all lines of one request or one rotation job can be found by its id (docs/operations.md, Logging).
/// </summary>
public static class ServerLogging
{
    private const string TextTimestamp = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
    private const string JsonTimestamp = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        // ASP.NET Core's hosting scope carries its own "RequestId" (the connection-based TraceIdentifier, taken before
        // any middleware runs): it would put a second, different request id in every line. Keyturn's correlation id
        // scope replaces it; the category's own lines (request start and end) are below the Warning "Microsoft" floor anyway.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = JsonTimestamp;
                // Relaxed escaping keeps messages readable ("rotation's", "+" in base64 ids); a log is not HTML, and
                // quotes, backslashes and control characters are still escaped, so each entry stays one JSON line.
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = TextTimestamp;
            });
        }
    }

    /// <summary>
    /// Which build serves which data, so a log read later says what ran. Written once the server listens: a start that
    /// fails says so in its one error line instead.
    /// </summary>
    public static void LogStarted(ILogger logger, string version, string dataDirectory, string storage) =>
        logger.LogInformation("Keyturn {Version} started; data directory {DataDirectory}; storage {Storage}", version, dataDirectory, storage);
}
