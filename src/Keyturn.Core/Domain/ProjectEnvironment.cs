namespace Keyturn.Core.Domain;

/// <summary>An environment of a project (Development/dev, Staging/staging, Production/prod by default).</summary>
/// <param name="Position">Display order inside the project.</param>
public sealed record ProjectEnvironment(Guid Id, Guid ProjectId, string Name, string Slug, int Position);
