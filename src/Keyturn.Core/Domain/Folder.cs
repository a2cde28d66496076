namespace Keyturn.Core.Domain;

/// <summary>A folder inside an environment. Folders exist implicitly: writing to a path creates it.</summary>
/// <param name="Path">Normalised absolute path: "/" or "/a/b" (no trailing slash).</param>
public sealed record Folder(Guid Id, Guid EnvironmentId, string Path, DateTimeOffset CreatedAt);
