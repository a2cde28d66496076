using System.Text.Json;
using Keyturn.Core.Connections;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;
using Keyturn.TestProviders.Target;

namespace Keyturn.TestProviders;

/// <summary>
/// The "test" app connection, method "file": configuration names the target file, credentials carry the token the file
/// expects, so a connection is proven the way a real one is (by using it) before it is stored.
/// </summary>
public sealed class TestConnectionHandler : IAppConnectionHandler
{
    public const string AppName = "test";
    public const string FileMethod = "file";

    public string App => AppName;

    public IReadOnlyList<string> BodyFields { get; } = ["method", "credentials"];

    public Result<ParsedConnection> Parse(JsonElement body)
    {
        var errors = new ValidationErrors();
        if (Json.OptionalString(body, "method", errors) != FileMethod)
        {
            errors.Add("method", $"must be '{FileMethod}'");
        }

        string? path = null, token = null;
        if (Json.OptionalObject(body, "credentials", errors) is { } credentials)
        {
            path = Json.OptionalString(credentials, "path", errors, "credentials.path");
            token = Json.OptionalString(credentials, "token", errors, "credentials.token");
        }

        if (path is null || !System.IO.Path.IsPathFullyQualified(path))
        {
            errors.Add("credentials.path", "is required: the absolute path of the target file");
        }

        if (string.IsNullOrEmpty(token))
        {
            errors.Add("credentials.token", "is required");
        }

        return errors.IsEmpty
            ? new ParsedConnection(FileMethod, JsonSerializer.Serialize(new { path }), JsonSerializer.Serialize(new { token }))
            : Problem.Invalid(errors);
    }

    public Task<ProviderResult<bool>> VerifyAsync(ConnectionSecret connection, CancellationToken cancellationToken)
    {
        var file = FileOf(connection);
        if (!File.Exists(file.Path))
        {
            return Task.FromResult(ProviderResult<bool>.Fail($"The target file {file.Path} does not exist."));
        }

        var token = connection.Credentials.GetProperty("token").GetString();
        return Task.FromResult(file.Read().AdminToken == token
            ? ProviderResult<bool>.Ok(true)
            : ProviderResult<bool>.Fail("The target refused the connection's token."));
    }

    /// <summary>The target file a connection acts on.</summary>
    public static TargetFile FileOf(ConnectionSecret connection) =>
        new(connection.Configuration.GetProperty("path").GetString() ?? throw new JsonException("The connection names no target file."));
}
