using Keyturn.Core.Domain;

namespace Keyturn.Core.Projects;

public sealed record ProjectView(Project Project, IReadOnlyList<ProjectEnvironment> Environments);
