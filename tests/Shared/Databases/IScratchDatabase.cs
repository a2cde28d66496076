namespace Keyturn.Tests.Shared.Databases;

/// <summary>
/// A database, an admin account with only the privileges the docs ask for, and two application accounts, made for one
/// test with unique names on a real server and dropped when disposed.
/// </summary>
internal interface IScratchDatabase : IAsyncDisposable
{
    /// <summary>The app connection family ("postgres", "mysql").</summary>
    string App { get; }

    /// <summary>The rotation type ("postgres-credentials", "mysql-credentials").</summary>
    string RotationType { get; }

    /// <summary>username1 and username2 as a rotation names them.</summary>
    IReadOnlyList<string> Accounts { get; }

    /// <summary>What a consumer signs in with for slot 0 and 1 (the username output).</summary>
    IReadOnlyList<string> LoginNames { get; }

    /// <summary>The passwords the accounts had before any rotation.</summary>
    IReadOnlyList<string> InitialPasswords { get; }

    /// <summary>The body of POST /api/v1/app-connections/{App} for the admin account.</summary>
    object ConnectionBody(string name);

    /// <summary>Whether <paramref name="user"/> can sign in with <paramref name="password"/> now (fresh, unpooled connection).</summary>
    Task<bool> CanLoginAsync(string user, string password);

    /// <summary>Makes both application accounts refuse (or accept again) every sign-in, whatever the password.</summary>
    Task SetLoginRefusedAsync(bool refused);

    /// <summary>Changes the admin (connection) account's password behind Keyturn's back, as the server's superuser.</summary>
    Task SetAdminPasswordAsync(string password);

    /// <summary>Which application accounts (by account name) exist on the server now.</summary>
    Task<IReadOnlyList<string>> ExistingAccountsAsync();
}

internal static class ScratchDatabases
{
    public static async Task<IScratchDatabase> CreateAsync(string app) => app switch
    {
        "postgres" or "postgres-credentials" => await ScratchPostgres.CreateAsync(),
        "mysql" or "mysql-credentials" => await ScratchMySql.CreateAsync(),
        _ => throw new ArgumentException($"No scratch database for '{app}'.", nameof(app)),
    };

    /// <summary>A name no other test uses: lower-case letters and digits, 16 characters.</summary>
    public static string UniqueName() => "kt" + Guid.NewGuid().ToString("N")[..14];

    public static string NewPassword() => "Init-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
}
