using System.Diagnostics.CodeAnalysis;

namespace Keyturn.Core.Results;

/// <summary>A value or a <see cref="Problem"/>.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Problem? problem) => (Value, Problem) = (value, problem);

    public T? Value { get; }

    public Problem? Problem { get; }

    [MemberNotNullWhen(false, nameof(Problem))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Problem is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Problem problem) => new(default, problem);
}
