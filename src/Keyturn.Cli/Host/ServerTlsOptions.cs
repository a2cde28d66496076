using System.CommandLine;
using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Host;

/// <summary>`keyturn server`'s TLS flags: the PEM pair, and the explicit way to serve plain http beyond loopback.</summary>
internal sealed class ServerTlsOptions
{
    public const string HttpDefault = "http://127.0.0.1:8200";
    public const string HttpsDefault = "https://127.0.0.1:8200";

    public Option<string?> Certificate { get; } = new("--tls-cert")
    {
        Description = "PEM certificate (optionally followed by its intermediates) for https:// URLs; reloaded on SIGHUP or change; needs --tls-key (env KEYTURN_TLS_CERT)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYTURN_TLS_CERT"),
    };

    public Option<string?> Key { get; } = new("--tls-key")
    {
        Description = "PEM private key of --tls-cert, unencrypted (keep it 0600) (env KEYTURN_TLS_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYTURN_TLS_KEY"),
    };

    public Option<bool> InsecureHttp { get; } = new("--insecure-http")
    {
        Description = "Allow plain http on a non-loopback address: only behind a proxy that terminates TLS",
    };

    public IEnumerable<Option> All => [Certificate, Key, InsecureHttp];

    /// <summary>Both files or neither; full paths, so a reload after a working-directory change still finds them.</summary>
    /// <exception cref="UsageException">Only one of the two was given.</exception>
    public TlsFiles? ReadFiles(ParseResult parse)
    {
        var (certificate, key) = (NonEmpty(parse.GetValue(Certificate)), NonEmpty(parse.GetValue(Key)));
        return (certificate, key) switch
        {
            (null, null) => null,
            ({ } c, { } k) => new TlsFiles(Path.GetFullPath(c), Path.GetFullPath(k)),
            (null, _) => throw new UsageException("--tls-key needs --tls-cert (give both, or neither for plain http on loopback)"),
            (_, null) => throw new UsageException("--tls-cert needs --tls-key (give both, or neither for plain http on loopback)"),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
