using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>
/// Options every API command accepts, anywhere after its name (they are recursive from each API command group, not from
/// the root, so `keyturn server --help` does not list them). A second, non-recursive copy on the root keeps the
/// `keyturn -o json project list` habit working; a value given after the command wins over one given before it.
/// </summary>
internal sealed class GlobalOptions
{
    public const string AddressVariable = "KEYTURN_ADDR";
    public const string TokenVariable = "KEYTURN_TOKEN";
    public const string CaCertVariable = "KEYTURN_CACERT";
    public const string DefaultAddress = "http://127.0.0.1:8200";

    public Option<string?> Address { get; } = new("--addr")
    {
        Description = $"Server address [default: ${AddressVariable}, else {DefaultAddress}]",
        Recursive = true,
    };

    // No default shown in help: the value is a credential.
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"API token [default: ${TokenVariable}]",
        Recursive = true,
    };

    public Option<string> Output { get; } = new Option<string>("--output", "-o")
    {
        Description = "table for people, json (the server's response body) for scripts",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    }.AcceptOnlyFromAmong("table", "json");

    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = $"PEM file of CA certificates to trust for an https server address, besides the system store (a self-signed server's certificate) [default: ${CaCertVariable}]",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Address, Token, Output, CaCert];

    /// <summary>The same options for the root only (before the command's name): not recursive, so host commands never see them.</summary>
    public IEnumerable<Option> OnRoot => [rootAddress, rootToken, rootOutput, rootCaCert];

    private readonly Option<string?> rootAddress = new("--addr") { Description = "Server address (also accepted after the command)" };
    private readonly Option<string?> rootToken = new("--token") { Description = "API token (also accepted after the command)" };
    private readonly Option<string?> rootCaCert = new("--ca-cert") { Description = "CA certificates (PEM) to trust for the server (also accepted after the command)" };
    private readonly Option<string?> rootOutput = new Option<string?>("--output", "-o") { Description = "table or json (also accepted after the command)" }
        .AcceptOnlyFromAmong("table", "json");

    public OutputFormat ReadOutput(ParseResult parse)
    {
        var given = parse.GetResult(Output) is { Implicit: false } ? parse.GetValue(Output) : parse.GetValue(rootOutput);
        return given == "json" ? OutputFormat.Json : OutputFormat.Table;
    }

    /// <summary>Every token value on the line (either copy of --token), for redacting parse errors.</summary>
    public IEnumerable<string?> TokensOnTheLine(ParseResult parse) =>
        [parse.GetResult(Token)?.Tokens.FirstOrDefault()?.Value, parse.GetResult(rootToken)?.Tokens.FirstOrDefault()?.Value];

    /// <summary>Flag, then environment, then default. Throws <see cref="UsageException"/> before anything is sent.</summary>
    public ServerSettings ReadServer(ParseResult parse, CliContext context)
    {
        var address = ReadAddress(parse, context, fallback: null);
        var token = ExplicitToken(parse, context) ?? throw new UsageException($"no API token: set {TokenVariable} or pass --token (or run 'keyturn login')");
        return new ServerSettings(address, token);
    }

    /// <summary>Flag, then environment, then <paramref name="fallback"/> (a stored login's server), then the default.</summary>
    public Uri ReadAddress(ParseResult parse, CliContext context, Uri? fallback)
    {
        var rawAddress = ExplicitAddress(parse, context) ?? fallback?.AbsoluteUri ?? DefaultAddress;
        if (!Uri.TryCreate(rawAddress, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--addr: '{rawAddress}' is not an http:// or https:// URL");
        }

        return address;
    }

    /// <summary>The address given by flag or environment, or null.</summary>
    public string? ExplicitAddress(ParseResult parse, CliContext context) =>
        NonEmpty(parse.GetValue(Address)) ?? NonEmpty(parse.GetValue(rootAddress)) ?? NonEmpty(context.GetEnvironmentVariable(AddressVariable));

    /// <summary>The CA file given by flag (after the command, then before it) or environment, or null for the system store alone.</summary>
    public string? ExplicitCaCert(ParseResult parse, CliContext context) =>
        NonEmpty(parse.GetValue(CaCert)) ?? NonEmpty(parse.GetValue(rootCaCert)) ?? NonEmpty(context.GetEnvironmentVariable(CaCertVariable));

    /// <summary>The token given by flag or environment (these win over a stored login), or null.</summary>
    public string? ExplicitToken(ParseResult parse, CliContext context) =>
        NonEmpty(parse.GetValue(Token)) ?? NonEmpty(parse.GetValue(rootToken)) ?? NonEmpty(context.GetEnvironmentVariable(TokenVariable));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
