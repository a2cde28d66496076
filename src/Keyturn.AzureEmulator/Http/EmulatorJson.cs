using System.Text.Encodings.Web;
using System.Text.Json;

namespace Keyturn.AzureEmulator.Http;

/// <summary>One JSON setting for every endpoint: camelCase, nulls written (Graph always sends secretText: null), Graph-style dates.</summary>
internal static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new UtcDateTimeConverter() },
        // Entra and Graph send quotes and '+' literally; the default encoder would write \u0027. Nothing here is HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a JSON body; null when the body is empty or not valid JSON for <typeparamref name="T"/>.</summary>
    public static async Task<T?> TryReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
