using System.Security.Cryptography;

namespace Keyturn.Tests.Shared;

/// <summary>
/// What a `script` rotation changes in tests: a password file in a target directory, changed only by a Keeper-style
/// bash script (base64 JSON on stdin, the admin token from an attached record) placed in a scripts directory, and
/// checked by a verify script. The test reads the target directly, never through Keyturn.
/// </summary>
public sealed class ScriptTarget
{
    public const string RotateScript = "rotate-password.sh";
    public const string VerifyScript = "verify-password.sh";
    public const string AdminTokenSecret = "TARGET_ADMIN_TOKEN";

    private ScriptTarget(string scriptsDirectory, string targetDirectory, string adminToken) =>
        (ScriptsDirectory, TargetDirectory, AdminToken) = (scriptsDirectory, targetDirectory, adminToken);

    public string ScriptsDirectory { get; }

    public string TargetDirectory { get; }

    public string AdminToken { get; }

    public string PasswordFile => Path.Combine(TargetDirectory, "password");

    public string? Password => File.Exists(PasswordFile) ? File.ReadAllText(PasswordFile) : null;

    /// <summary>Times the rotate script changed the password.</summary>
    public int Changes => File.Exists(Path.Combine(TargetDirectory, "changes.log")) ? File.ReadAllLines(Path.Combine(TargetDirectory, "changes.log")).Length : 0;

    public bool Accepts(string? password) => password is not null && Password == password;

    /// <summary>The parameters of a rotation run by the Keeper-style script and proven by the verify script.</summary>
    public object Parameters(int timeoutSeconds = 20) => new
    {
        script = RotateScript,
        interpreter = new[] { "bash" },
        user = "svc-okta",
        attachedSecrets = new[] { AdminTokenSecret },
        outputs = new[] { "passwordFile" },
        verifyScript = VerifyScript,
        timeoutSeconds,
        passwordPolicy = new { length = 24 },
    };

    public static ScriptTarget Create(string scriptsDirectory, string targetDirectory)
    {
        Directory.CreateDirectory(scriptsDirectory);
        Directory.CreateDirectory(targetDirectory);
        var target = new ScriptTarget(scriptsDirectory, targetDirectory, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        File.WriteAllText(Path.Combine(targetDirectory, "admin-token"), target.AdminToken);
        target.WriteScript(RotateScript, KeeperStyle(targetDirectory));
        target.WriteScript(VerifyScript, Verify(targetDirectory));
        return target;
    }

    public void SetVerifyRefused(bool refused)
    {
        var flag = Path.Combine(TargetDirectory, "refuse-verify");
        if (refused)
        {
            File.WriteAllText(flag, "");
        }
        else
        {
            File.Delete(flag);
        }
    }

    public void WriteScript(string name, string text) => File.WriteAllText(Path.Combine(ScriptsDirectory, name), text.ReplaceLineEndings("\n"));

    /// <summary>
    /// A post-rotation script written as Keeper's published ones are: the params line decoded from base64, the attached
    /// records decoded from params.records, exit 0 on success. The only change is where the result goes (a file here) and
    /// the JSON object printed last, which Keyturn maps.
    /// </summary>
    private static string KeeperStyle(string target) => $$"""
        #!/usr/bin/env bash
        set -euo pipefail
        IFS= read -r line
        params="$(printf '%s' "$line" | base64 -d)"
        field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p"; }
        user="$(field "$params" user)"
        new_password="$(field "$params" newPassword)"
        records="$(field "$params" records | base64 -d)"
        admin_token="$(field "$records" {{AdminTokenSecret}})"

        target='{{target}}'
        if [ "$admin_token" != "$(cat "$target/admin-token")" ]; then
          echo "the target refused the admin token for $user" >&2
          exit 1
        fi
        printf '%s' "$new_password" > "$target/password.tmp"
        mv "$target/password.tmp" "$target/password"
        echo changed >> "$target/changes.log"
        echo "rotated the password of $user"
        printf '{"passwordFile": "%s"}\n' "$target/password"
        """;

    private static string Verify(string target) => $$"""
        #!/usr/bin/env bash
        set -euo pipefail
        IFS= read -r line
        new_password="$(printf '%s' "$line" | base64 -d | sed -n 's/.*"newPassword":"\([^"]*\)".*/\1/p')"
        target='{{target}}'
        [ ! -e "$target/refuse-verify" ] || { echo "the target refuses every login" >&2; exit 1; }
        [ "$new_password" = "$(cat "$target/password" 2>/dev/null)" ] || { echo "login refused" >&2; exit 1; }
        """;
}
