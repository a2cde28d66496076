using Keyturn.Core.Domain;

namespace Keyturn.Core.Secrets;

/// <summary>A resolved (project, environment, path) triple. Folder is null when nothing was written at the path yet.</summary>
public sealed record SecretLocation(Project Project, ProjectEnvironment Environment, string Path, Folder? Folder);
