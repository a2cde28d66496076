using Keyturn.Server.Hosting;

namespace Keyturn.Server.Tests.Hosting;

public sealed class KeyturnServerOptionsTests
{
    private static readonly KeyturnServerOptions Valid = new() { DataDirectory = "/tmp/keyturn-options-test" };

    [Fact]
    public void Validate_Defaults_Pass() => Valid.Validate();

    [Theory]
    [InlineData(0, 1, "RotationConcurrency")]
    [InlineData(257, 4, "RotationConcurrency")]
    [InlineData(16, 0, "RotationConcurrencyPerConnection")]
    [InlineData(4, 5, "RotationConcurrencyPerConnection")]
    public void Validate_ConcurrencyOutOfRange_NamesTheSetting(int concurrency, int perConnection, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            (Valid with { RotationConcurrency = concurrency, RotationConcurrencyPerConnection = perConnection }).Validate());

        Assert.Equal(name, error.ParamName);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3601)]
    public void Validate_ReminderIntervalOutOfRange_NamesTheSetting(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (Valid with { ReminderInterval = TimeSpan.FromSeconds(seconds) }).Validate());

        Assert.Equal("ReminderInterval", error.ParamName);
    }

    [Fact]
    public void Validate_OutboundAllowEntryNotHostPort_NamesTheFlag()
    {
        var error = Assert.Throws<ArgumentException>(() => (Valid with { OutboundAllow = ["api.example.com", "https://api.example.com/x"] }).Validate());

        Assert.Contains("--outbound-allow", error.Message);
        Assert.Contains("https://api.example.com/x", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24 * 60)]
    public void Validate_ReconcileDailyAtNotATimeOfDay_NamesTheSetting(int minutes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (Valid with { ReconcileDailyAt = TimeSpan.FromMinutes(minutes) }).Validate());

        Assert.Equal(nameof(KeyturnServerOptions.ReconcileDailyAt), error.ParamName);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(601)]
    public void Validate_ShutdownTimeoutOutOfRange_NamesTheFlag(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (Valid with { ShutdownTimeout = TimeSpan.FromSeconds(seconds) }).Validate());

        Assert.Equal(nameof(KeyturnServerOptions.ShutdownTimeout), error.ParamName);
        Assert.Contains("--shutdown-timeout", error.Message);
    }
}
