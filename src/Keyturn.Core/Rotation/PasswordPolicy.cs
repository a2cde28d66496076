using System.Security.Cryptography;
using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Rotation;

/// <summary>
/// How the engine generates a new secret for in-place and engine-generated fixed-slot rotations: length, character
/// classes and excluded characters. Every requested class appears at least once; characters come from a
/// cryptographic RNG. The symbol set leaves out quotes, backslash and backtick, which break shells, connection
/// strings and hand-written JSON far more often than they add strength.
/// </summary>
public sealed record PasswordPolicy(int Length = 32, bool Lowercase = true, bool Uppercase = true, bool Digits = true, bool Symbols = true, string ExcludedCharacters = "")
{
    public const string ParameterName = "passwordPolicy";
    public const int MinLength = 12;
    public const int MaxLength = 256;
    public const string SymbolSet = "!#$%&()*+,-./:;<=>?@[]^_{|}~";
    public const string RulesText =
        "must be an object with length (12 to 256), lowercase, uppercase, digits, symbols (true or false, at least one true) and excludedCharacters (a string)";

    private const string LowerSet = "abcdefghijklmnopqrstuvwxyz";
    private const string UpperSet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string DigitSet = "0123456789";
    private static readonly string[] Fields = ["length", "lowercase", "uppercase", "digits", "symbols", "excludedCharacters"];

    /// <summary>Reads parameters.passwordPolicy over <paramref name="defaults"/>; a field left out keeps its default.</summary>
    public static PasswordPolicy? Parse(JsonElement parameters, PasswordPolicy defaults, ValidationErrors errors)
    {
        if (!Json.TryGet(parameters, ParameterName, out var body))
        {
            return defaults;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ParameterName, RulesText);
            return null;
        }

        var local = new ValidationErrors();
        foreach (var unknown in body.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            local.Add(unknown.Name, $"is not a password policy field (fields: {string.Join(", ", Fields)})");
        }

        var policy = new PasswordPolicy(
            Json.OptionalInt(body, "length", local) ?? defaults.Length,
            Json.OptionalBool(body, "lowercase", local) ?? defaults.Lowercase,
            Json.OptionalBool(body, "uppercase", local) ?? defaults.Uppercase,
            Json.OptionalBool(body, "digits", local) ?? defaults.Digits,
            Json.OptionalBool(body, "symbols", local) ?? defaults.Symbols,
            Json.OptionalString(body, "excludedCharacters", local) ?? defaults.ExcludedCharacters);
        if (local.IsEmpty)
        {
            policy.Check(local);
        }

        errors.Merge(local, ParameterName);
        return local.IsEmpty ? policy : null;
    }

    /// <summary>Adds a rule violation for each way this policy cannot produce a password.</summary>
    public void Check(ValidationErrors errors)
    {
        if (Length is < MinLength or > MaxLength)
        {
            errors.Add("length", $"must be between {MinLength} and {MaxLength}");
        }

        var classes = Classes();
        if (classes.Count == 0)
        {
            errors.Add("lowercase", "at least one character class (lowercase, uppercase, digits, symbols) must be true");
        }

        foreach (var (name, set) in classes.Where(c => c.Set.Length == 0))
        {
            errors.Add("excludedCharacters", $"must leave at least one {name} character");
        }
    }

    /// <summary>A new password: each requested class at least once, the rest drawn from all of them, shuffled.</summary>
    public string Generate()
    {
        var classes = Classes();
        if (classes.Count == 0 || classes.Any(c => c.Set.Length == 0) || Length < classes.Count)
        {
            throw new InvalidOperationException("The password policy was not checked before use.");
        }

        var all = string.Concat(classes.Select(c => c.Set));
        var chars = new char[Length];
        for (var i = 0; i < chars.Length; i++)
        {
            var set = i < classes.Count ? classes[i].Set : all;
            chars[i] = set[RandomNumberGenerator.GetInt32(set.Length)];
        }

        // Fisher-Yates with the same RNG, so the guaranteed characters do not sit at known positions.
        for (var i = chars.Length - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }

        return new string(chars);
    }

    /// <summary>The policy in words, for the options route and docs.</summary>
    public string Describe() =>
        $"{Length} characters from {string.Join(", ", Classes().Select(c => c.Name))}" + (ExcludedCharacters.Length > 0 ? $", excluding '{ExcludedCharacters}'" : "");

    private List<(string Name, string Set)> Classes()
    {
        var classes = new List<(string Name, string Set)>();
        Add(Lowercase, "lowercase", LowerSet);
        Add(Uppercase, "uppercase", UpperSet);
        Add(Digits, "digits", DigitSet);
        Add(Symbols, "symbols", SymbolSet);
        return classes;

        void Add(bool wanted, string name, string set)
        {
            if (wanted)
            {
                classes.Add((name, new string(set.Where(c => !ExcludedCharacters.Contains(c)).ToArray())));
            }
        }
    }
}
