using System.Globalization;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>A parameter of a rotation type: its JSON type decides how a <c>--param</c> value is converted.</summary>
/// <param name="Changeable">Whether <c>rotation update --param</c> may give it a new value.</param>
internal sealed record RotationParameter(string Name, string Type, bool Required, bool Changeable = false);

/// <summary>An output of a rotation type: what <c>--map</c> may name.</summary>
internal sealed record RotationOutput(string Name, bool Required);

/// <summary>
/// One rotation type as <c>GET /api/v2/secret-rotations/options</c> describes it. The CLI learns every type from the
/// server, so a new provider needs no CLI change.
/// </summary>
internal sealed record RotationTypeOption(
    string Type, string Connection, string Shape, int MaxSlots, IReadOnlyList<RotationParameter> Parameters, IReadOnlyList<RotationOutput> Outputs)
{
    public const string OptionsPath = "api/v2/secret-rotations/options";

    public static IReadOnlyList<RotationTypeOption> ListFrom(JsonNode body) =>
        [.. JsonText.Items(body, "secretRotationOptions").Select(From)];

    /// <summary>The server's description of <paramref name="type"/>; an unknown type is a usage error naming the known ones.</summary>
    public static async Task<RotationTypeOption> FetchAsync(ApiClient api, string type, CancellationToken ct)
    {
        var types = ListFrom((await api.GetAsync(OptionsPath, ct)).Json);
        return types.FirstOrDefault(t => t.Type == type)
            ?? throw new UsageException($"unknown rotation type '{type}' (types: {string.Join(", ", types.Select(t => t.Type))})");
    }

    /// <summary>"objectId (guid), [appName (string)]": optional names in brackets.</summary>
    public string DescribeParameters() => string.Join(", ", Parameters.Select(p => Optional($"{p.Name} ({p.Type})", p.Required)));

    public string DescribeOutputs() => string.Join(", ", Outputs.Select(o => Optional(o.Name, o.Required)));

    private static RotationTypeOption From(JsonNode option) => new(
        JsonText.Of(option, "type"),
        JsonText.Of(option, "connection"),
        JsonText.Of(option, "shape"),
        int.TryParse(JsonText.Of(option, "maxSlots"), NumberStyles.None, CultureInfo.InvariantCulture, out var slots) ? slots : 0,
        [.. JsonText.Items(option, "parameters").Select(p => new RotationParameter(
            JsonText.Of(p, "name"), JsonText.Of(p, "type"), JsonText.Of(p, "required") == "true", JsonText.Of(p, "changeable") == "true"))],
        [.. JsonText.Items(option, "outputs").Select(o => new RotationOutput(JsonText.Of(o, "name"), JsonText.Of(o, "required") == "true"))]);

    private static string Optional(string text, bool required) => required ? text : $"[{text}]";
}
