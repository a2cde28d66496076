namespace Keyturn.Providers.Database;

/// <summary>
/// TLS to the database server, named as libpq names it; both drivers have the same five modes. The default verifies
/// the server's certificate and name, because the connection carries a password that may change other accounts.
/// </summary>
public static class DatabaseSslMode
{
    public const string Disable = "disable";
    public const string Prefer = "prefer";
    public const string Require = "require";
    public const string VerifyCa = "verify-ca";
    public const string VerifyFull = "verify-full";
    public const string Default = VerifyFull;

    public static readonly IReadOnlyList<string> Names = [Disable, Prefer, Require, VerifyCa, VerifyFull];

    public static string Rule => $"must be one of {string.Join(", ", Names)} (default {Default})";
}
