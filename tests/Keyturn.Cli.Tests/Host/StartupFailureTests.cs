using System.Net.Sockets;
using Keyturn.Cli.Host;

namespace Keyturn.Cli.Tests.Host;

public sealed class StartupFailureTests
{
    [Theory]
    [InlineData(SocketError.AddressAlreadyInUse, "Another process listens there")]
    [InlineData(SocketError.AccessDenied, "Ports below 1024 need root or CAP_NET_BIND_SERVICE")]
    [InlineData(SocketError.AddressNotAvailable, "not one of this machine's")]
    public void Describe_BindFailure_KestrelsLineAndTheWayOut(SocketError error, string wayOut)
    {
        var failure = new IOException("Failed to bind to address http://127.0.0.1:80: address already in use.", new InvalidOperationException("wrapped", new SocketException((int)error)));

        var line = StartupFailure.Describe(failure);

        Assert.StartsWith("error: Failed to bind to address http://127.0.0.1:80: ", line, StringComparison.Ordinal);
        Assert.Contains(wayOut, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ArgumentOutOfRange_OneLineWithoutTheParameterName()
    {
        var line = StartupFailure.Describe(new ArgumentOutOfRangeException("RotationConcurrency", 0, "The rotation concurrency must be between 1 and 256."));

        Assert.Equal("error: The rotation concurrency must be between 1 and 256. Actual value was 0.", line);
    }

    [Fact]
    public void Describe_PermissionDenied_SaysSoAndWhoAsked()
    {
        var line = StartupFailure.Describe(new UnauthorizedAccessException("Access to the path '/var/lib/keyturn/root.key' is denied."));

        Assert.StartsWith("error: permission denied: Access to the path '/var/lib/keyturn/root.key' is denied.", line, StringComparison.Ordinal);
        Assert.Contains(Environment.UserName, line, StringComparison.Ordinal);
    }
}
