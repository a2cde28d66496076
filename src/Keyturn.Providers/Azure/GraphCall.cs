using Azure.Identity;
using Keyturn.Core.Providers;

namespace Keyturn.Providers.Azure;

/// <summary>Runs Graph calls as an app connection; a refused connection token or an unreachable Graph becomes a failure value.</summary>
internal static class GraphCall
{
    public static Task<ProviderResult<T>> RunAsync<T>(
        AzureCredentials credentials, AzureHttpTransport transport, ProviderContext context,
        Func<GraphClient, Task<ProviderResult<T>>> action, CancellationToken cancellationToken) =>
        RunAsync(credentials, transport, context.Connection, action, cancellationToken);

    public static async Task<ProviderResult<T>> RunAsync<T>(
        AzureCredentials credentials, AzureHttpTransport transport, ConnectionSecret connection,
        Func<GraphClient, Task<ProviderResult<T>>> action, CancellationToken cancellationToken)
    {
        var config = AzureConnectionConfig.FromJson(connection.Configuration);
        var credential = credentials.Create(config, config.ClientId, AzureConnectionHandler.ClientSecretOf(connection));
        try
        {
            return await action(new GraphClient(config, credential, transport.Transport));
        }
        catch (AuthenticationFailedException e)
        {
            return ProviderResult<T>.Fail($"The app connection could not get a token: {EntraErrors.Describe(e)}");
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException { Status: 0 } or AggregateException && !cancellationToken.IsCancellationRequested)
        {
            // Transport failures after the pipeline's own retries (Azure.Core wraps repeated ones in an AggregateException).
            var cause = e is AggregateException aggregate ? aggregate.InnerExceptions.LastOrDefault() ?? e : e;
            return ProviderResult<T>.Fail($"Graph could not be reached: {cause.InnerException?.Message ?? cause.Message}", transient: true);
        }
    }

    public static ProviderError Failure(string message, GraphError error) => new(message, error.IsTransient, error.RetryAfter);
}
