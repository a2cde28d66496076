using Keyturn.Bench.Reads;

namespace Keyturn.Bench.Tests;

/// <summary>The read benchmark's numbers come from parsing wrk's text report; a misread would publish wrong figures.</summary>
public sealed class WrkOutputTests
{
    private const string Report = """
        Running 15s test @ http://127.0.0.1:40000/
          1 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   412.33us  301.12us  12.87ms   93.10%
            Req/Sec    39.21k     2.01k   42.10k    71.33%
          Latency Distribution
             50%  350.00us
             75%  440.00us
             90%  600.00us
             99%    1.87ms
          585123 requests in 15.00s, 301.45MB read
        Requests/sec:  39008.20
        Transfer/sec:     20.10MB
        """;

    [Fact]
    public void Parse_LatencyReport_ReadsRequestsRateAndPercentilesInMilliseconds()
    {
        var result = WrkRun.Parse(Report);

        Assert.Equal(585123, result.Requests);
        Assert.Equal(39008.20, result.RequestsPerSecond, 2);
        Assert.Equal(0.35, result.P50Ms, 6);
        Assert.Equal(1.87, result.P99Ms, 6);
        Assert.Equal(0, result.Non2xx);
        Assert.Equal(0, result.SocketErrors);
    }

    [Fact]
    public void Parse_SecondsAndErrors_AreCounted()
    {
        var report = Report.Replace("99%    1.87ms", "99%    1.20s")
            + "\n  Socket errors: connect 1, read 2, write 3, timeout 4\n  Non-2xx or 3xx responses: 17\n";

        var result = WrkRun.Parse(report);

        Assert.Equal(1200, result.P99Ms, 6);
        Assert.Equal(17, result.Non2xx);
        Assert.Equal(10, result.SocketErrors);
    }

    [Fact]
    public void Parse_WithoutLatencyDistribution_FailsInsteadOfReportingZeros()
    {
        var withoutDistribution = string.Join('\n', Report.Split('\n').Where(l => !l.Contains('%', StringComparison.Ordinal) || l.Contains("Stdev", StringComparison.Ordinal)));

        Assert.Throws<FormatException>(() => WrkRun.Parse(withoutDistribution));
    }
}
