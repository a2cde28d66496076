using Keyturn.Core.Domain;

namespace Keyturn.Core.History;

/// <summary>Attempts newest first, and where the next page starts (null on the last page).</summary>
public sealed record HistoryPage(IReadOnlyList<AttemptHistory> Attempts, JobCursor? Next);
