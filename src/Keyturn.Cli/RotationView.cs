using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Table rendering of secret rotations, shared by create, get, rotate and list.</summary>
internal static class RotationView
{
    public static readonly string[] ListHeaders = ["ID", "NAME", "TYPE", "ENV", "PATH", "STATUS", "LAST ROTATED", "NEXT ROTATION"];

    public static IReadOnlyList<string> ListRow(JsonNode rotation) =>
    [
        JsonText.Of(rotation, "id"),
        JsonText.Of(rotation, "name"),
        JsonText.Of(rotation, "type"),
        JsonText.Of(rotation, "environment", "slug"),
        JsonText.Of(rotation, "folder", "path"),
        JsonText.Of(rotation, "rotationStatus"),
        JsonText.Of(rotation, "lastRotatedAt"),
        JsonText.Of(rotation, "nextRotationAt"),
    ];

    public static void WriteRotation(OutputWriter output, JsonNode? rotation) => output.WriteFields(
    [
        ("id", JsonText.Of(rotation, "id")),
        ("name", JsonText.Of(rotation, "name")),
        ("description", JsonText.Of(rotation, "description")),
        ("type", JsonText.Of(rotation, "type")),
        ("projectId", JsonText.Of(rotation, "projectId")),
        ("environment", JsonText.Of(rotation, "environment", "slug")),
        ("secretPath", JsonText.Of(rotation, "folder", "path")),
        ("connection", $"{JsonText.Of(rotation, "connection", "name")} ({JsonText.Of(rotation, "connection", "id")})"),
        ("secretsMapping", Mapping(rotation?["secretsMapping"])),
        ("autoRotation", JsonText.Of(rotation, "isAutoRotationEnabled")),
        ("schedule", Schedule(rotation)),
        ("activeIndex", JsonText.Of(rotation, "activeIndex")),
        ("rotationStatus", JsonText.Of(rotation, "rotationStatus")),
        ("failedAttempts", JsonText.Of(rotation, "failedAttempts")),
        ("lastRotationMessage", JsonText.Of(rotation, "lastRotationMessage")),
        ("lastRotatedAt", JsonText.Of(rotation, "lastRotatedAt")),
        ("nextRotationAt", JsonText.Of(rotation, "nextRotationAt")),
        ("deleteProtected", JsonText.Of(rotation, "isDeleteProtected")),
    ]);

    private static string Mapping(JsonNode? mapping) => mapping is JsonObject fields
        ? string.Join(", ", fields.Select(f => $"{f.Key}={JsonText.Of(f.Value)}"))
        : "";

    // One line for whichever schedule decides, so a cron rotation does not show an interval that does not count.
    private static string Schedule(JsonNode? rotation) => JsonText.Of(rotation, "scheduleKind") == "cron"
        ? $"cron {JsonText.Of(rotation, "rotationSchedule")} (UTC)"
        : $"every {JsonText.Of(rotation, "rotationInterval")} days at {RotateAt(rotation?["rotateAtUtc"])}";

    private static string RotateAt(JsonNode? at) =>
        Int(at?["hours"]) is { } hours && Int(at?["minutes"]) is { } minutes ? $"{hours:00}:{minutes:00} UTC" : "";

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
