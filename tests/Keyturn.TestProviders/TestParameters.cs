using Keyturn.Core.Providers;

namespace Keyturn.TestProviders;

/// <summary>The test types' parameters: nothing the target needs, only a note, so the parameter path is exercised.</summary>
public sealed record TestParameters(string? Note)
{
    public static ParameterSpec NoteSpec { get; } =
        ParameterSpec.String("note", required: false, "must be at most 64 characters", "Free text for people reading the rotation.", changeable: true);

    public static TestParameters? Parse(ParameterReader reader)
    {
        var note = reader.String("note");
        if (note is { Length: > 64 })
        {
            reader.Errors.Add("note", "must be at most 64 characters");
            return null;
        }

        return new TestParameters(note);
    }
}
