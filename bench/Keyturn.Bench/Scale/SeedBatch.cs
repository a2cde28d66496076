namespace Keyturn.Bench.Scale;

/// <summary>The rows of a slice of rotations (with everything that hangs off them), written as one unit.</summary>
public sealed class SeedBatch
{
    private readonly Dictionary<SeedTable, List<object?[]>> _rows = SeedTable.InsertOrder.ToDictionary(t => t, _ => new List<object?[]>());

    public void Add(SeedTable table, params object?[] row)
    {
        if (row.Length != table.Columns.Count)
        {
            throw new ArgumentException($"{table.Name} has {table.Columns.Count} columns, the row has {row.Length}.", nameof(row));
        }

        _rows[table].Add(row);
    }

    public IReadOnlyList<object?[]> Rows(SeedTable table) => _rows[table];
}
