using System.CommandLine;
using System.CommandLine.Parsing;

namespace Keyturn.Cli;

/// <summary>Checks that run at parse time, so a bad flag is a usage error (exit 2) before anything is sent.</summary>
internal static class OptionRules
{
    public static T AbsoluteUrl<T>(this T option)
        where T : Option<string?>
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                result.AddError($"{option.Name}: '{value}' is not an absolute URL");
            }
        });
        return option;
    }

    /// <summary>Exactly one of a value option and its <c>-stdin</c> twin must be given.</summary>
    public static void RequireOneOf(this Command command, Symbol value, Option<bool> fromStdin)
    {
        command.Validators.Add(result =>
        {
            var hasValue = value switch
            {
                Option option => result.GetResult(option) is { Implicit: false },
                Argument argument => result.GetResult(argument) is { Tokens.Count: > 0 },
                _ => false,
            };
            var hasStdin = result.GetValue(fromStdin);
            if (hasValue == hasStdin)
            {
                result.AddError($"give exactly one of {value.Name} or {fromStdin.Name}");
            }
        });
    }
}
