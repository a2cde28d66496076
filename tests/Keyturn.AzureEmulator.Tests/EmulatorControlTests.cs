using Keyturn.AzureEmulator.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>The in-process control API.</summary>
public sealed class EmulatorControlTests
{
    [Fact]
    public async Task AddPassword_AsHuman_AuthenticatesImmediatelyDespitePropagationDelay()
    {
        await using var host = await Emulator.StartAsync(o => o.PropagationDelay = TimeSpan.FromMinutes(5));

        var secret = host.Control.AddPassword(host.TargetApp.ObjectId, "by hand");

        Assert.True(host.Control.Authenticates(host.TargetApp.ClientId, secret));
        var info = host.Control.ListPasswords(host.TargetApp.ObjectId).Single(p => p.DisplayName == "by hand");
        Assert.Equal(secret[..3], info.Hint);
    }

    [Fact]
    public async Task RemovePassword_UnknownKey_ReturnsFalse()
    {
        await using var host = await Emulator.StartAsync();

        Assert.False(host.Control.RemovePassword(host.TargetApp.ObjectId, Guid.NewGuid()));
        Assert.False(host.Control.RemovePassword(Guid.NewGuid().ToString(), Guid.NewGuid()));
    }

    [Fact]
    public async Task Authenticates_ExpiredSecret_ReturnsFalse()
    {
        var clock = FakeClock.StartingNow();
        await using var host = await Emulator.StartAsync(o => o.TimeProvider = clock);
        var secret = host.Control.AddPassword(host.TargetApp.ObjectId, "short", clock.GetUtcNow().AddMinutes(10));

        Assert.True(host.Control.Authenticates(host.TargetApp.ClientId, secret));
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.True(host.Control.Authenticates(host.TargetApp.ClientId, secret), "one tick before the end date");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(host.Control.Authenticates(host.TargetApp.ClientId, secret));
    }

    [Fact]
    public async Task PropagationDelay_ChangedAtRuntime_AppliesToLaterAddPassword()
    {
        var clock = FakeClock.StartingNow();
        await using var host = await Emulator.StartAsync(o => o.TimeProvider = clock);
        host.Control.PropagationDelay = TimeSpan.FromSeconds(30);
        using var graph = await EmulatorClient.AdminGraphAsync(host);

        using var response = await graph.PostAsync($"applications/{host.TargetApp.ObjectId}/addPassword", JsonContent("{}"));
        var secret = (await EmulatorClient.JsonAsync(response)).GetProperty("secretText").GetString()!;

        Assert.Equal(TimeSpan.FromSeconds(30), host.Control.PropagationDelay);
        Assert.False(host.Control.Authenticates(host.TargetApp.ClientId, secret));
        clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.False(host.Control.Authenticates(host.TargetApp.ClientId, secret), "one tick before the delay has passed");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(host.Control.Authenticates(host.TargetApp.ClientId, secret));
    }

    [Fact]
    public async Task ListPasswords_UnknownApp_Throws()
    {
        await using var host = await Emulator.StartAsync();

        Assert.Throws<KeyNotFoundException>(() => host.Control.ListPasswords(Guid.NewGuid().ToString()));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
