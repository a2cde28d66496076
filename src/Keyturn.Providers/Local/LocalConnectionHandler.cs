using System.Text.Json;
using Keyturn.Core.Connections;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Providers.Local;

/// <summary>
/// The "local" app connection, method "none": the Keyturn server acts by itself (runs an operator's script, calls an
/// allow-listed HTTP API), holding no credential of its own. It keeps the one shape every rotation has (a connectionId,
/// as in Infisical), so the API, the CLI, the per-connection concurrency limit and connection deletion work unchanged;
/// whatever authorises the change at the target lives in ordinary secrets the rotation names.
/// </summary>
public sealed class LocalConnectionHandler : IAppConnectionHandler
{
    public const string AppName = "local";
    public const string NoneMethod = "none";

    public string App => AppName;

    public IReadOnlyList<string> BodyFields { get; } = ["method"];

    public Result<ParsedConnection> Parse(JsonElement body)
    {
        var errors = new ValidationErrors();
        if (Json.OptionalString(body, "method", errors) is { } method && method != NoneMethod)
        {
            errors.Add("method", $"must be '{NoneMethod}' (or left out): a local connection holds no credentials");
        }

        return errors.IsEmpty ? new ParsedConnection(NoneMethod, "{}", "{}") : Problem.Invalid(errors);
    }

    // Nothing to prove: there is no remote party and no credential.
    public Task<ProviderResult<bool>> VerifyAsync(ConnectionSecret connection, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<bool>.Ok(true));
}
