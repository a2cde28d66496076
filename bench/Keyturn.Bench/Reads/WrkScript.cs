namespace Keyturn.Bench.Reads;

/// <summary>
/// A wrk Lua script that walks through every secret's path in turn, so the load reads all 1,000 secrets rather
/// than one hot row. Each wrk thread has its own Lua state and walks the list on its own.
/// </summary>
public static class WrkScript
{
    public static string Write(string directory, IReadOnlyList<string> paths)
    {
        var lua = new System.Text.StringBuilder();
        lua.AppendLine("local paths = {");
        foreach (var path in paths)
        {
            lua.AppendLine($"  \"{path}\",");
        }

        lua.AppendLine("}");
        lua.AppendLine("local i = 0");
        lua.AppendLine("request = function()");
        lua.AppendLine("  i = i % #paths + 1");
        lua.AppendLine("  return wrk.format(\"GET\", paths[i])");
        lua.AppendLine("end");
        var file = Path.Combine(directory, "reads.lua");
        File.WriteAllText(file, lua.ToString());
        return file;
    }
}
