using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class FailpointsTests
{
    [Fact]
    public void Parse_Unset_IsEmpty()
    {
        Assert.True(Failpoints.Parse(null).IsEmpty);
        Assert.True(Failpoints.Parse("").IsEmpty);
    }

    [Theory]
    [InlineData("issue:sometime:crash")]
    [InlineData("issue:before")]
    [InlineData("publish:before:crash")]
    [InlineData("issue:before:explode")]
    [InlineData("issue:0:crash")]
    public void Parse_Malformed_IsRefusedWithTheRule(string spec)
    {
        var e = Assert.Throws<FormatException>(() => Failpoints.Parse(spec));
        Assert.Contains($"'{spec}' must be step:when:action", e.Message);
    }

    [Fact]
    public async Task HitAsync_Throw_ThrowsOnlyAtItsStepAndWhen()
    {
        var points = Failpoints.Parse("set:after:throw, verify:before:throw");
        await points.HitAsync(JournalSteps.Set, FailpointWhen.Before, CancellationToken.None);
        await points.HitAsync(JournalSteps.Issue, FailpointWhen.After, CancellationToken.None);
        var e = await Assert.ThrowsAsync<FailpointException>(async () => await points.HitAsync(JournalSteps.Set, FailpointWhen.After, CancellationToken.None));
        Assert.Equal("Failpoint set:after fired.", e.Message);
        await Assert.ThrowsAsync<FailpointException>(async () => await points.HitAsync(JournalSteps.Verify, FailpointWhen.Before, CancellationToken.None));
    }

    [Fact]
    public async Task HitAsync_ConnectionStep_ThrowsAtIt()
    {
        var points = Failpoints.Parse("connection-issue:after:throw");
        await points.HitAsync(JournalSteps.Issue, FailpointWhen.After, CancellationToken.None);
        await Assert.ThrowsAsync<FailpointException>(async () => await points.HitAsync(Keyturn.Core.Connections.ConnectionSteps.IssueFailpoint, FailpointWhen.After, CancellationToken.None));
    }

    [Fact]
    public async Task HitAsync_Hang_WaitsUntilCancelled()
    {
        var points = Failpoints.Parse("activate:before:hang");
        using var cancel = new CancellationTokenSource();
        var hit = points.HitAsync(JournalSteps.Activate, FailpointWhen.Before, cancel.Token).AsTask();
        Assert.False(hit.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hit);
    }
}
