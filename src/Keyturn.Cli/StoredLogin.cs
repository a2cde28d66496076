using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyturn.Cli;

/// <summary>
/// What <c>keyturn login</c> keeps: the server, the identity's universal-auth credentials and the current access token,
/// in <c>$XDG_CONFIG_HOME/keyturn/token.json</c> (else <c>~/.config/keyturn/token.json</c>), mode 0600 in a 0700
/// directory. Before the token expires the CLI renews it; the client secret is kept to log in again when renewal is
/// refused (revoked, or at the token's max TTL), as Infisical's CLI does
/// (it uses the system keyring where there is one; a server or CI runner seldom has one, so Keyturn uses the file).
/// The file is therefore as sensitive as the client secret: <c>keyturn logout</c> deletes it.
/// </summary>
internal sealed record StoredLogin(
    [property: JsonPropertyName("address")] Uri Address,
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("clientSecret")] string ClientSecret,
    [property: JsonPropertyName("accessToken")] string AccessToken,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("ttlSeconds")] int TtlSeconds)
{
    public const string FileName = "token.json";

    /// <summary>A record prints its members; this one holds two credentials.</summary>
    public override string ToString() => $"StoredLogin {{ Address = {Address}, ClientId = {ClientId}, ExpiresAt = {ExpiresAt:u} }}";

    /// <summary>The file's path, or null when neither XDG_CONFIG_HOME nor HOME is set.</summary>
    public static string? PathIn(CliContext context)
    {
        var config = context.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : context.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config") : null;
        return config is null ? null : Path.Combine(config, "keyturn", FileName);
    }

    public static StoredLogin? Load(CliContext context)
    {
        var path = PathIn(context);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredLogin>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            throw new UsageException($"{path} is not a login Keyturn wrote: run 'keyturn login' again or delete it");
        }
    }

    /// <summary>Writes the file atomically: a temporary file created 0600 and renamed over the old one.</summary>
    public void Save(CliContext context)
    {
        var path = PathIn(context) ?? throw new UsageException("cannot store the login: set HOME or XDG_CONFIG_HOME");
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode, so the credentials are never readable by others, even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            File.Delete(temporary);
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>True when a file was deleted.</summary>
    public static bool Delete(CliContext context)
    {
        var path = PathIn(context);
        if (path is null || !File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
