using Azure.Identity;
using Keyturn.Core.Providers;
using Keyturn.Core.Providers.Failures;
using Keyturn.Providers.Failures;

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
            return ProviderResult<T>.Fail(EntraErrors.Failure(e, transient: false, "the app connection could not get a token", $"Entra at {config.AuthorityHost}"));
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException { Status: 0 } or AggregateException && !cancellationToken.IsCancellationRequested)
        {
            // Transport failures after the pipeline's own retries (Azure.Core wraps repeated ones in an AggregateException).
            return ProviderResult<T>.Fail(ProviderFailures.From(e, $"Graph at {config.GraphEndpoint}", transient: true));
        }
    }

    /// <summary>
    /// Graph's refusal, its code first: <paramref name="message"/> quotes the error (its ToString) to say which call
    /// failed; that quote becomes the trailing context so the code leads and the text is said once.
    /// </summary>
    public static ProviderError Failure(string message, GraphError error)
    {
        var context = message.Replace(error.ToString(), $"Graph answered {error.Status}", StringComparison.Ordinal);
        return new(FailureText.Compose(error.Code, error.Message, context), error.IsTransient, error.RetryAfter) { Kind = ProviderFailureKind.Rejected };
    }
}
