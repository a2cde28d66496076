using System.CommandLine;
using System.CommandLine.Parsing;
using Keyturn.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyturn.Cli.Host;

/// <summary>
/// `keyturn server --log-format` and `--log-level`, each defaulting to its KEYTURN_* variable. A value outside the
/// allowed names, given on the line or in the variable, is a usage error naming the flag and the names, before anything starts.
/// </summary>
internal static class ServerLogOptions
{
    public const string FormatVariable = "KEYTURN_LOG_FORMAT";
    public const string LevelVariable = "KEYTURN_LOG_LEVEL";

    private static readonly Dictionary<string, LogFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = LogFormat.Text,
        ["json"] = LogFormat.Json,
    };

    private static readonly Dictionary<string, LogLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["trace"] = LogLevel.Trace,
        ["debug"] = LogLevel.Debug,
        ["information"] = LogLevel.Information,
        ["warning"] = LogLevel.Warning,
        ["error"] = LogLevel.Error,
    };

    public static Option<LogFormat> Format() => Named("--log-format", FormatVariable, Formats, "text",
        "text (one line per entry) or json (one object per line) on stdout");

    public static Option<LogLevel> Level() => Named("--log-level", LevelVariable, Levels, "information",
        "Least severe entries written: trace, debug, information, warning or error (trace and debug are verbose, still without secrets)");

    private static Option<T> Named<T>(string flag, string variable, Dictionary<string, T> names, string fallback, string description)
        where T : struct, Enum
    {
        var allowed = string.Join(", ", names.Keys);
        return new Option<T>(flag)
        {
            HelpName = string.Join('|', names.Keys),
            Description = $"{description} [default: {fallback}] (env {variable})",
            CustomParser = result => Lookup(result, flag, result.Tokens.Count == 1 ? result.Tokens[0].Value : "", names, allowed),
            DefaultValueFactory = result => Lookup(result, $"{flag} (from {variable})",
                Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : fallback, names, allowed),
        };
    }

    private static T Lookup<T>(ArgumentResult result, string source, string value, Dictionary<string, T> names, string allowed)
        where T : struct
    {
        if (names.TryGetValue(value, out var found))
        {
            return found;
        }

        result.AddError($"{source}: '{value}' is not one of {allowed}");
        return default;
    }
}
