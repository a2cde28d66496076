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

    public static Option<string> Format() => Named("--log-format", FormatVariable, Formats, "text",
        "text (one line per entry) or json (one object per line) on stdout");

    public static Option<string> Level() => Named("--log-level", LevelVariable, Levels, "information",
        "Least severe entries written: trace, debug, information, warning or error (trace and debug are verbose, still without secrets)");

    /// <summary>The format an option's value names (the parser admitted only known names).</summary>
    public static LogFormat FormatOf(string name) => Formats[name];

    public static LogLevel LevelOf(string name) => Levels[name];

    // Options of names rather than of the enums, so help shows the default as it is typed ("text", not "Text").
    private static Option<string> Named<T>(string flag, string variable, Dictionary<string, T> names, string fallback, string description)
    {
        var allowed = string.Join(", ", names.Keys);
        return new Option<string>(flag)
        {
            HelpName = string.Join('|', names.Keys),
            Description = $"{description} (env {variable})",
            CustomParser = result => Lookup(result, flag, result.Tokens.Count == 1 ? result.Tokens[0].Value : "", names, allowed),
            DefaultValueFactory = result => Lookup(result, $"{flag} (from {variable})",
                Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : fallback, names, allowed),
        };
    }

    private static string Lookup<T>(ArgumentResult result, string source, string value, Dictionary<string, T> names, string allowed)
    {
        if (names.ContainsKey(value))
        {
            return value;
        }

        result.AddError($"{source}: '{value}' is not one of {allowed}");
        return value;
    }
}
