using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keyturn.Core.Providers;
using Keyturn.Core.Providers.Failures;
using Microsoft.Identity.Client;
using MySqlConnector;
using Npgsql;

namespace Keyturn.Providers.Failures;

/// <summary>
/// The one place a provider's exception becomes a <see cref="ProviderError"/>: it tells DNS, refused, TLS trust and
/// timeout (no answer at all) from the provider refusing (an answer with a code), and words the message with
/// <see cref="FailureText"/>. Every provider's transport catch goes through here, so they all read alike.
/// </summary>
public static partial class ProviderFailures
{
    /// <summary>
    /// A failure value for <paramref name="exception"/>. <paramref name="target"/> names what was called ("Entra at
    /// https://login.example/"); <paramref name="refusal"/> says what a refusal means here ("Entra refused the
    /// connection's credentials").
    /// </summary>
    public static ProviderError From(Exception exception, string target, string? refusal = null, bool transient = false)
    {
        var failure = Classify(exception);
        return new ProviderError(Describe(failure, target, refusal), transient) { Kind = failure.Kind };
    }

    /// <summary>The message for an already classified failure (see <see cref="From"/>).</summary>
    public static string Describe(ClassifiedFailure failure, string target, string? refusal = null)
    {
        if (failure.Kind == ProviderFailureKind.Rejected)
        {
            return FailureText.Compose(failure.Code, failure.Text, refusal ?? $"{target} refused");
        }

        var label = failure.Kind.Label();
        var text = FailureText.Normalize(failure.Text);
        // "Connection refused (127.0.0.1:5)" after the label "Connection refused" would say it twice; keep the address.
        if (text.StartsWith(label, StringComparison.OrdinalIgnoreCase))
        {
            text = text[label.Length..].Trim(' ', ':');
            if (text.StartsWith('(') && text.EndsWith(')'))
            {
                text = text[1..^1];
            }
        }

        return FailureText.Compose(label, text, $"{target} could not be reached");
    }

    /// <summary>Reads the whole exception chain; a transport cause anywhere in it wins over the wrappers libraries add.</summary>
    public static ClassifiedFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var chain = Chain(exception).ToList();
        for (var i = 0; i < chain.Count; i++)
        {
            if (Transport(chain[i], i > 0 ? chain[i - 1] : null) is { } transport)
            {
                return transport;
            }
        }

        foreach (var e in chain)
        {
            if (Answer(e) is { } answer)
            {
                return answer;
            }
        }

        // No transport cause and no provider code: the wrappers' own words, outermost first.
        return new ClassifiedFailure(Fallback(chain), null, FirstLine(exception.Message));
    }

    private static ClassifiedFailure? Transport(Exception e, Exception? wrapper)
    {
        // The wrapper of a socket error names the address ("Connection refused (127.0.0.1:5)"); the socket error does not.
        string Words() => wrapper is HttpRequestException or NpgsqlException or MySqlException
            ? wrapper.Message.Contains(e.Message, StringComparison.OrdinalIgnoreCase) ? wrapper.Message : $"{wrapper.Message} {e.Message}"
            : e.Message;

        return e switch
        {
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => new(ProviderFailureKind.Dns, null, Words()),
            SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable } =>
                new(ProviderFailureKind.Refused, null, Words()),
            SocketException { SocketErrorCode: SocketError.TimedOut } => new(ProviderFailureKind.Timeout, null, Words()),
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => new(ProviderFailureKind.Dns, null, e.Message),
            AuthenticationException => new(ProviderFailureKind.Tls, null, e.Message),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => new(ProviderFailureKind.Tls, null, e.InnerException?.Message ?? e.Message),
            TimeoutException or OperationCanceledException => new(ProviderFailureKind.Timeout, null, e.Message),
            _ => null,
        };
    }

    private static ClassifiedFailure? Answer(Exception e) => e switch
    {
        MsalServiceException msal =>
            new(ProviderFailureKind.Rejected, EntraCode(msal) ?? msal.ErrorCode, WithoutTrace(WithoutEntraCode(EntraWords(msal.Message)))),
        PostgresException pg => new(ProviderFailureKind.Rejected, pg.SqlState, pg.MessageText),
        MySqlException { ErrorCode: not MySqlErrorCode.UnableToConnectToHost } my when my.Number != 0 => new(ProviderFailureKind.Rejected, $"MySQL {my.Number}", my.Message),
        global::Azure.RequestFailedException { Status: > 0 } rf => new(ProviderFailureKind.Rejected, rf.ErrorCode ?? rf.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), FirstLine(rf.Message)),
        _ => null,
    };

    private static ProviderFailureKind Fallback(List<Exception> chain) =>
        chain.Any(e => e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } or MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost }
            || (e is NpgsqlException && e is not PostgresException))
            ? ProviderFailureKind.Refused
            : ProviderFailureKind.Rejected;

    /// <summary>Depth first through InnerException and every AggregateException member (Azure.Core's retries aggregate).</summary>
    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            if (!seen.Add(e))
            {
                continue;
            }

            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>"AADSTS7000215" from the description, or from Entra's "error_codes" array when the text lacks it.</summary>
    private static string? EntraCode(MsalServiceException msal)
    {
        if (EntraCodePattern().Match(EntraWords(msal.Message)) is { Success: true } match)
        {
            return match.Value;
        }

        if (string.IsNullOrEmpty(msal.ResponseBody))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(msal.ResponseBody);
            return doc.RootElement.TryGetProperty("error_codes", out var codes) && codes.ValueKind == JsonValueKind.Array && codes.GetArrayLength() > 0
                ? $"AADSTS{codes[0]}"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// MSAL puts its own advice before Entra's words for some codes ("A configuration issue is preventing
    /// authentication … Original exception: AADSTS7000215: Invalid client secret provided."): the doubled code and
    /// the long preamble are where cut and repeated messages came from. Entra's words are the part worth reading.
    /// </summary>
    private static string EntraWords(string message)
    {
        const string marker = "Original exception:";
        var at = message.LastIndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? message[(at + marker.Length)..].Trim() : message;
    }

    private static string WithoutEntraCode(string text) => EntraCodePattern().Replace(text, "", 1).TrimStart(' ', ':');

    /// <summary>Entra ends every description with trace and correlation ids and a timestamp: useful in its logs, noise in a one-line error.</summary>
    private static string WithoutTrace(string text)
    {
        var at = text.IndexOf("Trace ID:", StringComparison.Ordinal);
        return (at > 0 ? text[..at] : text).Trim();
    }

    /// <summary>Azure.Core and Azure.Identity append status lines, headers and troubleshooting links after the first line.</summary>
    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"^\s*AADSTS\d+")]
    private static partial Regex EntraCodePattern();
}
