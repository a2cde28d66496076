using System.Text;

namespace Keyturn.Cli.Completion;

/// <summary>
/// Static completion scripts for bash, zsh and fish, generated from the command tree. System.CommandLine 3 offers only
/// the dotnet-suggest protocol (a global tool plus a shell shim calling back into the program on every Tab); a static
/// script needs nothing installed and no process start per keypress. Every script does the same two steps: walk the
/// words typed so far to find the command path ("keyturn secret"), then offer that path's subcommands and options, or
/// an option's fixed values right after it. Names are [a-z0-9-] only, so they need no quoting inside the scripts.
/// </summary>
internal static class CompletionScripts
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish"];

    public static string For(string shell, IReadOnlyList<CompletionNode> nodes) => shell switch
    {
        "bash" => Bash(nodes),
        "zsh" => Zsh(nodes),
        "fish" => Fish(nodes),
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash, zsh or fish"),
    };

    private static string Bash(IReadOnlyList<CompletionNode> nodes)
    {
        var s = new StringBuilder();
        s.AppendLine("# keyturn completion for bash: source <(keyturn completion bash), or save it under /etc/bash_completion.d/");
        s.AppendLine("_keyturn() {");
        s.AppendLine("    local cur prev cmdpath i word");
        s.AppendLine("    cur=\"${COMP_WORDS[COMP_CWORD]}\"");
        s.AppendLine("    prev=\"\"");
        s.AppendLine("    if (( COMP_CWORD > 0 )); then prev=\"${COMP_WORDS[COMP_CWORD-1]}\"; fi");
        s.AppendLine("    cmdpath=keyturn");
        s.AppendLine("    for (( i = 1; i < COMP_CWORD; i++ )); do");
        s.AppendLine("        word=\"${COMP_WORDS[i]}\"");
        s.AppendLine("        case \"$cmdpath $word\" in");
        s.AppendLine($"            {PathPatterns(nodes)}) cmdpath=\"$cmdpath $word\" ;;");
        s.AppendLine("        esac");
        s.AppendLine("    done");
        s.AppendLine("    case \"$cmdpath|$prev\" in");
        foreach (var (node, option) in OptionsWithValues(nodes))
        {
            s.AppendLine($"        {string.Join('|', option.Names.Select(n => $"\"{node.Path}|{n}\""))}) COMPREPLY=($(compgen -W \"{string.Join(' ', option.Values)}\" -- \"$cur\")); return ;;");
        }

        s.AppendLine("    esac");
        s.AppendLine("    case \"$cmdpath\" in");
        foreach (var node in nodes)
        {
            s.AppendLine($"        \"{node.Path}\") COMPREPLY=($(compgen -W \"{string.Join(' ', Words(node))}\" -- \"$cur\")) ;;");
        }

        s.AppendLine("    esac");
        s.AppendLine("}");
        s.AppendLine("complete -F _keyturn keyturn");
        return s.ToString();
    }

    private static string Zsh(IReadOnlyList<CompletionNode> nodes)
    {
        var s = new StringBuilder();
        s.AppendLine("#compdef keyturn");
        s.AppendLine("# keyturn completion for zsh: save as _keyturn in a directory on $fpath, or source <(keyturn completion zsh) after compinit");
        s.AppendLine("_keyturn() {");
        s.AppendLine("    local cmdpath=keyturn word prev i");
        s.AppendLine("    local -a candidates");
        s.AppendLine("    for (( i = 2; i < CURRENT; i++ )); do");
        s.AppendLine("        word=\"${words[i]}\"");
        s.AppendLine("        case \"$cmdpath $word\" in");
        s.AppendLine($"            ({PathPatterns(nodes)}) cmdpath=\"$cmdpath $word\" ;;");
        s.AppendLine("        esac");
        s.AppendLine("    done");
        s.AppendLine("    prev=\"${words[CURRENT-1]}\"");
        s.AppendLine("    case \"$cmdpath|$prev\" in");
        foreach (var (node, option) in OptionsWithValues(nodes))
        {
            s.AppendLine($"        ({string.Join('|', option.Names.Select(n => $"\"{node.Path}|{n}\""))}) compadd -- {string.Join(' ', option.Values)}; return ;;");
        }

        s.AppendLine("    esac");
        s.AppendLine("    case \"$cmdpath\" in");
        foreach (var node in nodes)
        {
            s.AppendLine($"        (\"{node.Path}\") candidates=({string.Join(' ', Words(node))}) ;;");
        }

        s.AppendLine("    esac");
        s.AppendLine("    compadd -- $candidates");
        s.AppendLine("}");
        s.AppendLine("if [[ \"${zsh_eval_context[-1]}\" == loadautofunc ]]; then _keyturn \"$@\"; else compdef _keyturn keyturn; fi");
        return s.ToString();
    }

    private static string Fish(IReadOnlyList<CompletionNode> nodes)
    {
        var s = new StringBuilder();
        s.AppendLine("# keyturn completion for fish: keyturn completion fish > ~/.config/fish/completions/keyturn.fish");
        s.AppendLine($"set -g __keyturn_paths {string.Join(' ', nodes.Skip(1).Select(n => $"'{n.Path}'"))}");
        s.AppendLine("function __keyturn_path");
        s.AppendLine("    set -l cmdpath keyturn");
        s.AppendLine("    for word in (commandline -opc)[2..-1]");
        s.AppendLine("        if contains -- \"$cmdpath $word\" $__keyturn_paths");
        s.AppendLine("            set cmdpath \"$cmdpath $word\"");
        s.AppendLine("        end");
        s.AppendLine("    end");
        s.AppendLine("    echo $cmdpath");
        s.AppendLine("end");
        s.AppendLine("complete -c keyturn -f");
        foreach (var node in nodes)
        {
            var when = $"-n 'test (__keyturn_path) = \"{node.Path}\"'";
            if (node.Subcommands.Count + node.ArgumentValues.Count > 0)
            {
                s.AppendLine($"complete -c keyturn {when} -a '{string.Join(' ', node.Subcommands.Concat(node.ArgumentValues))}'");
            }

            foreach (var option in node.Options)
            {
                var names = string.Join(' ', option.Names.Select(n => n.StartsWith("--", StringComparison.Ordinal) ? $"-l {n[2..]}" : $"-s {n.TrimStart('-')}"));
                var values = option.Values.Count > 0 ? $" -x -a '{string.Join(' ', option.Values)}'" : "";
                s.AppendLine($"complete -c keyturn {when} {names}{values} -d '{FishText(option.Description)}'");
            }
        }

        return s.ToString();
    }

    // Every path below the root, as one case pattern: "keyturn project"|"keyturn project get"|...
    private static string PathPatterns(IReadOnlyList<CompletionNode> nodes) =>
        string.Join('|', nodes.SelectMany(n => n.Subcommands.Select(sub => $"\"{n.Path} {sub}\"")).Distinct());

    private static IEnumerable<string> Words(CompletionNode node) => node.Subcommands.Concat(node.ArgumentValues).Concat(node.Options.SelectMany(o => o.Names));

    private static IEnumerable<(CompletionNode Node, CompletionOption Option)> OptionsWithValues(IReadOnlyList<CompletionNode> nodes) =>
        nodes.SelectMany(n => n.Options.Where(o => o.Values.Count > 0).Select(o => (n, o)));

    // Single-quoted fish string: only ' and \ are special; descriptions are one line.
    private static string FishText(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}
