namespace Keyturn.Core.Domain;

/// <summary>A project groups environments, folders, secrets and rotations; it owns one data key.</summary>
public sealed record Project(Guid Id, string Name, string Slug, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
