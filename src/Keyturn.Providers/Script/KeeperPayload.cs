using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Core.Providers;

namespace Keyturn.Providers.Script;

/// <summary>
/// The one stdin line Keeper's "run PAM scripts only" mode gives a post-rotation script: base64 of a JSON object with
/// providerRecordUid, resourceRecordUid, userRecordUid, user, oldPassword, newPassword and records (base64 of a JSON
/// array, one object per attached record: uid, title, the value under its name and under "password"). Keeper's
/// published scripts decode exactly this, so they run unchanged apart from where they write results.
/// </summary>
internal static class KeeperPayload
{
    // Only what JSON requires is escaped (quotes, backslash, control characters): a password's '+' or '&' stays itself,
    // as Python's json.dumps writes it, so scripts that pick fields out with sed or grep see the real value.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="newPassword">Null in NOOP mode: the key is then left out, as Keeper does.</param>
    /// <param name="outputs">Verify runs only: the credential's output values, under "outputs".</param>
    public static (string Line, string Records) Build(Guid connectionId, Guid rotationId, string? user, string? oldPassword, string? newPassword,
        IReadOnlyList<SiblingSecret> records, IReadOnlyDictionary<string, string>? outputs = null)
    {
        var array = new JsonArray();
        foreach (var record in records)
        {
            array.Add(new JsonObject
            {
                ["uid"] = record.Id.ToString(),
                ["title"] = record.Name,
                [record.Name] = record.Value,
                ["password"] = record.Value,
            });
        }

        var recordsBase64 = Base64(array.ToJsonString(Relaxed));
        var payload = new JsonObject
        {
            ["providerRecordUid"] = connectionId.ToString(),
            ["resourceRecordUid"] = rotationId.ToString(),
            ["userRecordUid"] = rotationId.ToString(),
            ["user"] = user ?? "",
            ["oldPassword"] = oldPassword ?? "",
        };
        if (newPassword is not null)
        {
            payload["newPassword"] = newPassword;
        }

        payload["records"] = recordsBase64;
        if (outputs is not null)
        {
            payload["outputs"] = new JsonObject(outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)JsonValue.Create(o.Value))));
        }

        return (Base64(payload.ToJsonString(Relaxed)), recordsBase64);
    }

    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
}
