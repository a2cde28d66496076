using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Connections;

/// <summary>One app connection family ("azure"): parses its create body and proves the credentials work.</summary>
public interface IAppConnectionHandler
{
    string App { get; }

    /// <summary>
    /// The top-level body fields this app reads besides name and description (e.g. method, credentials); any other
    /// field is refused. <see cref="Parse"/> checks the inside of its own objects.
    /// </summary>
    IReadOnlyList<string> BodyFields { get; }

    /// <summary>Splits the request into non-secret configuration and secret credentials; no network calls.</summary>
    Result<ParsedConnection> Parse(JsonElement body);

    /// <summary>Proves the connection works (e.g. acquires a token). The error message is the provider's, without secrets.</summary>
    Task<ProviderResult<bool>> VerifyAsync(ConnectionSecret connection, CancellationToken cancellationToken);
}

/// <param name="ConfigurationJson">Non-secret settings, stored in clear and shown by GET.</param>
/// <param name="CredentialsJson">Secret settings, sealed before storing.</param>
public sealed record ParsedConnection(string Method, string ConfigurationJson, string CredentialsJson)
{
    /// <summary>
    /// The provider's id of the credential the connection starts with, when the creator named it: a self-rotating
    /// connection then retires it as the previous credential at its second self-rotation. Null: never touched.
    /// </summary>
    public string? CredentialId { get; init; }
}
