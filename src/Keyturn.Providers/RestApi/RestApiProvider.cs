using System.Net;
using Keyturn.Core.Providers;
using Keyturn.Core.Providers.Failures;
using Keyturn.Providers.Failures;
using Keyturn.Core.Rotation;
using Keyturn.Providers.Local;
using Keyturn.Providers.Script;

namespace Keyturn.Providers.RestApi;

/// <summary>
/// "rest-api" (in-place): sets an engine-generated password through one declared HTTPS request to an allow-listed
/// host, and proves it with an optional second request. The password is journaled before the request is sent, so a
/// crash after the service took it never loses it.
/// </summary>
public sealed class RestApiProvider(OutboundHttp http) : RotationProvider<RestApiParameters>
{
    public const string TypeName = "rest-api";
    private const int ErrorBodyChars = 300;
    private static readonly PasswordPolicy DefaultPolicy = new();

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, LocalConnectionHandler.AppName, RotationShape.InPlace, MaxSlots: 1,
        "Sets a generated password through a declared HTTPS request to an allow-listed host, and proves it with an optional verify request.",
        [.. RestApiParameters.Specs, ParameterSpec.PasswordPolicy(DefaultPolicy.Describe())],
        [new OutputSpec("username", "The 'username' parameter.", Required: false), new OutputSpec("password", "The password Keyturn generated.")],
        DefaultPolicy);

    protected override RestApiParameters? Parse(ParameterReader reader) => RestApiParameters.Parse(reader, http.AllowList);

    protected override RotationPlan Plan(RestApiParameters parameters) => new(1,
        parameters.Username is null ? [.. Descriptor.Outputs.Where(o => o.Name != "username")] : Descriptor.Outputs);

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var secret = request.GeneratedSecret ?? throw new InvalidOperationException("The engine must generate the password.");
        var parameters = ParametersOf(request.Context);
        var answer = await SendAsync(request.Context, parameters.Request, secret, request.Active?.Values.GetValueOrDefault("password"), cancellationToken);
        return answer.IsSuccess
            ? ProviderResult<IssuedCredential>.Ok(CredentialFor(request.Context, request.Slot, secret))
            : ProviderResult<IssuedCredential>.Fail(answer.Error);
    }

    public override async Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        var parameters = ParametersOf(request.Context);
        if (parameters.Verify is null)
        {
            return ProviderResult<Verification>.Ok(Verification.Unchecked);
        }

        var answer = await SendAsync(request.Context, parameters.Verify, request.Credential.Values["password"], null, cancellationToken);
        return answer.IsSuccess ? ProviderResult<Verification>.Ok(Verification.Proven) : ProviderResult<Verification>.Fail(answer.Error);
    }

    public override IssuedCredential CredentialFor(ProviderContext context, int slot, string secret)
    {
        var username = ParametersOf(context).Username;
        var values = new Dictionary<string, string> { ["password"] = secret };
        if (username is not null)
        {
            values["username"] = username;
        }

        return new IssuedCredential(username ?? TypeName, values, null);
    }

    /// <summary>
    /// Sends one rendered request. Refusals before anything was sent, and answers the service gave, are plain failures
    /// (the service's state is known); a lost answer, a 5xx or a 429 is transient (it may or may not have applied it).
    /// </summary>
    private async Task<ProviderResult<bool>> SendAsync(ProviderContext context, HttpTemplate template, string newPassword, string? oldPassword,
        CancellationToken cancellationToken)
    {
        var secrets = new Dictionary<string, string>();
        foreach (var name in template.SecretNames)
        {
            if (await context.Secrets.ReadAsync(name, cancellationToken) is not { } secret)
            {
                return ProviderResult<bool>.Fail($"{{{{secret:{name}}}}} names a secret that does not exist at the rotation's environment and path; nothing was sent.");
            }

            secrets[name] = secret.Value;
        }

        var parameters = ParametersOf(context);
        var rendered = template.Render(new TemplateValues(newPassword, oldPassword, parameters.Username, secrets));
        if (!rendered.IsSuccess)
        {
            return ProviderResult<bool>.Fail(rendered.Problem.Detail ?? rendered.Problem.Title);
        }

        using var message = rendered.Value;
        string?[] values = [newPassword, oldPassword, .. secrets.Values];
        IReadOnlyList<string?> known = [.. values, .. values.OfType<string>().Select(Uri.EscapeDataString)];
        // The query is left out and the path scrubbed: a template may put a value in either.
        var where = Scrub($"{message.Method} {message.RequestUri!.GetLeftPart(UriPartial.Path)}", known);
        try
        {
            using var response = await http.Client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (template.SuccessCodes.Contains(status))
            {
                return ProviderResult<bool>.Ok(true);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            // Scrubbed before it is cut, so a cut can never leave half a secret behind; cut at a word, never mid-word.
            body = FailureText.Trim(FailureText.Normalize(Scrub(body, known)), ErrorBodyChars);
            var text = RestApiFailureText.Answered(status, response.ReasonPhrase, body, where);
            var lostOrBusy = status is 429 or >= 500;
            return ProviderResult<bool>.Fail(new ProviderError(text, lostOrBusy, RetryAfter(response)) { Kind = ProviderFailureKind.Rejected });
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            return ProviderResult<bool>.Fail($"{where} was refused: {refused.Message} Nothing was sent.");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError)
        {
            // No request reached the service: its state is unchanged, and another try may connect.
            var failure = ProviderFailures.Classify(e);
            return ProviderResult<bool>.Fail(new ProviderError($"{Scrub(ProviderFailures.Describe(failure, where), known)} Nothing was sent.") { Kind = failure.Kind });
        }
        catch (HttpRequestException e)
        {
            return ProviderResult<bool>.Fail($"{where} failed after the request may have been sent: {Scrub(e.Message, known)}", transient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult<bool>.Fail(new ProviderError($"Timed out: {where} gave no answer within {OutboundHttp.RequestTimeout.TotalSeconds:0} s.", Transient: true)
            {
                Kind = ProviderFailureKind.Timeout,
            });
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ? response.Headers.RetryAfter?.Delta : null;

    private static string Scrub(string text, IEnumerable<string?> secrets) => SecretScrubber.Scrub(text, secrets);
}
