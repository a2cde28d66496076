using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Keyturn.Cli;

/// <summary>The formats <c>keyturn export</c> writes a folder's secrets in.</summary>
internal static class SecretFormats
{
    public static readonly string[] Names = ["dotenv", "json", "yaml"];

    public static string Write(string format, IReadOnlyList<KeyValuePair<string, string>> secrets) => format switch
    {
        "dotenv" => Dotenv(secrets),
        "json" => Json(secrets),
        "yaml" => Yaml(secrets),
        _ => throw new UsageException($"--format: must be one of {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// <c>KEY='value'</c> when the value has no quote or line break (nothing in it is interpreted, as Infisical exports);
    /// otherwise <c>KEY="..."</c> with <c>\\ \" \n \r \t</c> escaped, which python-dotenv and Docker Compose read back.
    /// </summary>
    public static string Dotenv(IReadOnlyList<KeyValuePair<string, string>> secrets)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in secrets)
        {
            if (value.IndexOfAny(['\'', '"', '\\', '\n', '\r', '\t']) < 0)
            {
                text.Append(key).Append("='").Append(value).Append("'\n");
                continue;
            }

            text.Append(key).Append("=\"");
            foreach (var c in value)
            {
                text.Append(c switch
                {
                    '\\' => "\\\\",
                    '"' => "\\\"",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => c.ToString(),
                });
            }

            text.Append("\"\n");
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<KeyValuePair<string, string>> secrets) =>
        JsonSerializer.Serialize(secrets.ToDictionary(s => s.Key, s => s.Value),
            new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>A flat mapping; every value double-quoted, so "yes", "0123" or "null" stay strings and any character round-trips.</summary>
    public static string Yaml(IReadOnlyList<KeyValuePair<string, string>> secrets)
    {
        using var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        foreach (var (key, value) in secrets)
        {
            emitter.Emit(new Scalar(null, null, key, ScalarStyle.DoubleQuoted, true, true));
            emitter.Emit(new Scalar(null, null, value, ScalarStyle.DoubleQuoted, true, true));
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }
}
