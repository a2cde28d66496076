namespace Keyturn.Server.Tests.Support;

/// <summary>
/// One server (and emulator) shared by the tests of a class. Tests sharing it must make their own project,
/// connection and target app, and scope any fault rule to their target app's object id.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
