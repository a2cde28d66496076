using System.Text.Json;

namespace Keyturn.Core.Providers;

/// <summary>An app connection with its credentials opened, handed to providers for the length of one call.</summary>
/// <param name="Configuration">Non-secret settings (tenant, client id, endpoints).</param>
/// <param name="Credentials">Secret settings (e.g. clientSecret). Never logged.</param>
public sealed record ConnectionSecret(Guid Id, string App, string Method, JsonElement Configuration, JsonElement Credentials);
