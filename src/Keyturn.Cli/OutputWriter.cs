using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Keyturn.Cli;

/// <summary>
/// Writes results either as a table for people or as the server's JSON body for scripts.
/// Tables use box drawing only on a terminal; redirected output gets plain aligned columns
/// that <c>awk</c> and <c>cut</c> can read and that never wrap at a guessed width.
/// </summary>
internal sealed class OutputWriter(CliContext context, OutputFormat format)
{
    public bool IsJson => format == OutputFormat.Json;

    /// <summary>Prints the response body as sent, re-indented; an empty body prints nothing.</summary>
    public void WriteJson(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return;
        }

        try
        {
            context.Out.WriteLine(JsonNode.Parse(body)?.ToJsonString(ApiJson.Pretty) ?? "null");
        }
        catch (JsonException)
        {
            context.Out.WriteLine(body);
        }
    }

    /// <summary>JSON mode prints the body as sent; table mode hands the parsed body to <paramref name="table"/>.</summary>
    public void Write(ApiResponse response, Action<JsonNode> table)
    {
        if (IsJson)
        {
            WriteJson(response.Body);
        }
        else
        {
            table(response.Json);
        }
    }

    public void WriteLine(string text) => context.Out.WriteLine(text);

    public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (context.Interactive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
            }

            foreach (var row in rows)
            {
                // Text, not Markup: server data such as "[prod]" must not be read as Spectre markup.
                table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
            }

            Console().Write(table);
            return;
        }

        PlainTable.Write(context.Out, headers, rows.ToList());
    }

    /// <summary>One object as FIELD/VALUE rows.</summary>
    public void WriteFields(IEnumerable<(string Field, string Value)> fields) =>
        WriteTable(["FIELD", "VALUE"], fields.Select(f => (IReadOnlyList<string>)[f.Field, f.Value]));

    private IAnsiConsole Console() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(context.Out),
    });
}
