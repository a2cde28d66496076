using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class ConnectionThrottleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ThrottledUntil_BeforeAndAfterTheWait_ReturnsTheEndThenNull()
    {
        var throttle = new ConnectionThrottle();
        var connection = Guid.NewGuid();
        throttle.ThrottleUntil(connection, Now.AddSeconds(30));

        Assert.Equal(Now.AddSeconds(30), throttle.ThrottledUntil(connection, Now));
        Assert.Null(throttle.ThrottledUntil(connection, Now.AddSeconds(30)));
        Assert.Null(throttle.ThrottledUntil(connection, Now));
    }

    [Fact]
    public void ThrottleUntil_ShorterWaitAfterALongerOne_KeepsTheLonger()
    {
        var throttle = new ConnectionThrottle();
        var connection = Guid.NewGuid();

        throttle.ThrottleUntil(connection, Now.AddMinutes(2));
        throttle.ThrottleUntil(connection, Now.AddSeconds(10));

        Assert.Equal(Now.AddMinutes(2), throttle.ThrottledUntil(connection, Now));
    }

    [Fact]
    public void ThrottledUntil_OtherConnection_IsNotThrottled()
    {
        var throttle = new ConnectionThrottle();
        throttle.ThrottleUntil(Guid.NewGuid(), Now.AddMinutes(2));

        Assert.Null(throttle.ThrottledUntil(Guid.NewGuid(), Now));
    }
}
