namespace Keyturn.Server.Hosting;

/// <summary>How `keyturn server` writes its log lines to stdout (--log-format, KEYTURN_LOG_FORMAT).</summary>
public enum LogFormat
{
    /// <summary>One line per entry: UTC time, level, category, message, then the scopes (request and job ids).</summary>
    Text,

    /// <summary>One JSON object per line (ASP.NET Core's JSON console formatter), for log shippers.</summary>
    Json,
}
