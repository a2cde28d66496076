using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Defaults = new();

    [Fact]
    public void Generate_Defaults_HasLengthAndEveryClass()
    {
        for (var i = 0; i < 200; i++)
        {
            var password = Defaults.Generate();
            Assert.Equal(32, password.Length);
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => PasswordPolicy.SymbolSet.Contains(c));
        }
    }

    [Fact]
    public void Generate_ShortPolicyWithAllClasses_StillHasEveryClass()
    {
        // With 12 characters and 4 classes a plain random draw would often miss one; the policy guarantees each.
        var policy = new PasswordPolicy(Length: 12);
        for (var i = 0; i < 500; i++)
        {
            var password = policy.Generate();
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => PasswordPolicy.SymbolSet.Contains(c));
        }
    }

    [Fact]
    public void Generate_ExcludedCharacters_NeverAppear()
    {
        var policy = new PasswordPolicy(Length: 64, Symbols: false, ExcludedCharacters: "0O1lI");
        for (var i = 0; i < 200; i++)
        {
            var password = policy.Generate();
            Assert.DoesNotContain(password, c => "0O1lI".Contains(c));
            Assert.DoesNotContain(password, c => PasswordPolicy.SymbolSet.Contains(c));
        }
    }

    [Fact]
    public void Generate_TwoCalls_Differ() => Assert.NotEqual(Defaults.Generate(), Defaults.Generate());

    [Fact]
    public void Generate_SpreadsOverTheAlphabet()
    {
        // A weak generator (a fixed position for each class, a tiny range) shows up as missing characters.
        var seen = new HashSet<char>(string.Concat(Enumerable.Range(0, 300).Select(_ => Defaults.Generate())));
        Assert.Equal(26 + 26 + 10 + PasswordPolicy.SymbolSet.Length, seen.Count);
    }

    [Fact]
    public void Parse_Absent_GivesDefaults()
    {
        var errors = new ValidationErrors();
        Assert.Equal(Defaults, PasswordPolicy.Parse(Parameters("{}"), Defaults, errors));
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void Parse_PartialObject_KeepsOtherDefaults()
    {
        var errors = new ValidationErrors();
        var policy = PasswordPolicy.Parse(Parameters("""{"passwordPolicy": {"length": 40, "symbols": false}}"""), Defaults, errors);
        Assert.Equal(Defaults with { Length = 40, Symbols = false }, policy);
    }

    [Theory]
    [InlineData("""{"length": 11}""", "passwordPolicy.length", "must be between 12 and 256")]
    [InlineData("""{"length": 257}""", "passwordPolicy.length", "must be between 12 and 256")]
    [InlineData("""{"lowercase": false, "uppercase": false, "digits": false, "symbols": false}""", "passwordPolicy.lowercase", "at least one character class (lowercase, uppercase, digits, symbols) must be true")]
    [InlineData("""{"digits": true, "excludedCharacters": "0123456789"}""", "passwordPolicy.excludedCharacters", "must leave at least one digits character")]
    [InlineData("""{"length": "long"}""", "passwordPolicy.length", "must be a whole number")]
    [InlineData("""{"minLength": 20}""", "passwordPolicy.minLength", "is not a password policy field (fields: length, lowercase, uppercase, digits, symbols, excludedCharacters)")]
    public void Parse_BadPolicy_NamesFieldAndRule(string policy, string field, string rule)
    {
        var errors = new ValidationErrors();
        Assert.Null(PasswordPolicy.Parse(Parameters($$"""{"passwordPolicy": {{policy}}}"""), Defaults, errors));
        Assert.Equal([rule], errors.ToDictionary()[field]);
    }

    [Fact]
    public void Parse_NotAnObject_IsRefused()
    {
        var errors = new ValidationErrors();
        Assert.Null(PasswordPolicy.Parse(Parameters("""{"passwordPolicy": 32}"""), Defaults, errors));
        Assert.Equal([PasswordPolicy.RulesText], errors.ToDictionary()["passwordPolicy"]);
    }

    private static JsonElement Parameters(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
