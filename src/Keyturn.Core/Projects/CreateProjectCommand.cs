namespace Keyturn.Core.Projects;

/// <summary>A new project: its display name (trimmed, 1-64 characters) and its slug, or null to make one from the name.</summary>
public sealed record CreateProjectCommand(string Name, string? Slug);
