namespace Keyturn.Bench.Reads;

public static class BaselineServer
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => throw new NotImplementedException();
}
