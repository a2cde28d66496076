using System.Text.Json;

namespace Keyturn.TestProviders.Target;

/// <summary>
/// A target kept in a JSON file the test owns, so it outlives any server process. Every change is a read-modify-write
/// under an exclusive lock on a side file (flock: the OS drops it when a killed process dies), written to a temporary
/// file and renamed over the target, so a reader or a crash never sees half a document.
/// </summary>
public sealed class TargetFile(string path)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly TimeSpan LockBound = TimeSpan.FromSeconds(30);

    public string Path { get; } = path;

    public static async Task<TargetFile> CreateAsync(string path, TargetState initial, CancellationToken cancellationToken)
    {
        var file = new TargetFile(path);
        using (await file.LockAsync(cancellationToken))
        {
            file.Write(initial);
        }

        return file;
    }

    public TargetState Read() =>
        JsonSerializer.Deserialize<TargetState>(File.ReadAllText(Path), Options) ?? throw new JsonException($"{Path} is empty.");

    /// <summary>Applies one change atomically; the change returns what the caller needs from it.</summary>
    public async Task<T> UpdateAsync<T>(Func<TargetState, T> change, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken);
        var state = Read();
        var result = change(state);
        Write(state);
        return result;
    }

    private void Write(TargetState state)
    {
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, state, Options);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    // FileShare.None is an flock on Unix: held across processes and released by the kernel when its holder dies.
    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(LockBound);
        while (true)
        {
            try
            {
                return new FileStream($"{Path}.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!bound.IsCancellationRequested)
            {
                await Task.Delay(5, bound.Token);
            }
        }
    }
}
