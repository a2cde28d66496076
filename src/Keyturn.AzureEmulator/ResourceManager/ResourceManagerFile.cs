using System.Text.Json;

namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>Reads and atomically writes resource-manager.json, a file of its own so the directory's state.json keeps its shape.</summary>
internal sealed class ResourceManagerFile(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static ResourceManagerFile In(string stateDirectory) => new(System.IO.Path.Combine(stateDirectory, "resource-manager.json"));

    public string Path { get; } = path;

    public ResourceManagerDocument? TryLoad()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        using var stream = File.OpenRead(Path);
        return JsonSerializer.Deserialize<ResourceManagerDocument>(stream, Json) ?? throw new InvalidDataException($"State file '{Path}' is empty.");
    }

    // Write then rename, so a crash mid-write never leaves a truncated file behind.
    public void Save(ResourceManagerDocument document)
    {
        var temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(document, Json));
        File.Move(temporary, Path, overwrite: true);
    }
}
