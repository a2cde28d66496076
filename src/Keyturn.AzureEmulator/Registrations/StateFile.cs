using System.Text.Json;

namespace Keyturn.AzureEmulator.Registrations;

/// <summary>Reads and atomically writes state.json in the state directory.</summary>
internal sealed class StateFile(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public StateDocument? TryLoad()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        using var stream = File.OpenRead(Path);
        return JsonSerializer.Deserialize<StateDocument>(stream, Json)
            ?? throw new InvalidDataException($"State file '{Path}' is empty.");
    }

    // Write then rename, so a crash mid-write never leaves a truncated state file behind.
    public void Save(StateDocument document)
    {
        var temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(document, Json));
        File.Move(temporary, Path, overwrite: true);
    }
}
