using System.Diagnostics.CodeAnalysis;

namespace Keyturn.Core.Providers;

/// <summary>The outcome of a provider call: a value, or an expected failure as a value (exceptions are for bugs).</summary>
public readonly record struct ProviderResult<T>
{
    private ProviderResult(T? value, ProviderError? error) => (Value, Error) = (value, error);

    public T? Value { get; }

    public ProviderError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static ProviderResult<T> Ok(T value) => new(value, null);

    public static ProviderResult<T> Fail(string message, bool transient = false, TimeSpan? retryAfter = null) =>
        new(default, new ProviderError(message, transient, retryAfter));

    public static ProviderResult<T> Fail(ProviderError error) => new(default, error);
}
