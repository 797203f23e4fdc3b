"""Shell completion for ``opentok``, generated from its own argparse tree: ``opentok completion
bash|zsh|fish`` prints a script to source.

Generated rather than taken from ``argcomplete`` or ``shtab``: argcomplete runs the program on
every Tab press (a start-up each time), shtab has no fish; the tree is a few dozen nodes, so a
static script per shell is small and needs no dependency. The script is as current as the
``opentok`` that printed it: re-source it after an upgrade.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator

import attrs

__all__ = ["SHELLS", "Node", "nodes", "script"]

SHELLS = ("bash", "zsh", "fish")


@attrs.frozen
class Node:
    """One command of the tree: its words, sub-commands (name, help), and options (flag, help,
    choices; choices empty for a switch or free text)."""

    path: tuple[str, ...]
    commands: tuple[tuple[str, str], ...]
    options: tuple[tuple[str, str, tuple[str, ...]], ...]


def _help(text: str | None) -> str:
    return "" if not text or text == argparse.SUPPRESS else " ".join(text.split())


def nodes(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Node]:
    """Every command of ``parser``'s tree, depth first, this one first."""
    commands: list[tuple[str, str]] = []
    options: list[tuple[str, str, tuple[str, ...]]] = []
    below: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: _help(a.help) for a in action._choices_actions}
            for name, sub in action.choices.items():
                commands.append((name, helps.get(name, "")))
                below.append((name, sub))
        else:
            choices = tuple(str(c) for c in action.choices or ())
            for flag in action.option_strings:
                if flag.startswith("--"):
                    options.append((flag, _help(action.help), choices))
    yield Node(path, tuple(commands), tuple(options))
    for name, sub in below:
        yield from nodes(sub, (*path, name))


def _bash(tree: list[Node]) -> str:
    known = "|".join(shlex.quote(" " + " ".join(n.path)) for n in tree if n.path)
    words = []
    values = []
    for node in tree:
        key = shlex.quote(" " + " ".join(node.path) if node.path else "")
        listed = [name for name, _ in node.commands] + [flag for flag, _, _ in node.options]
        words.append(f"        {key}) words={shlex.quote(' '.join(listed))} ;;")
        for flag, _, choices in node.options:
            if choices:
                at = shlex.quote(" ".join(node.path) + "|" + flag)
                values.append(f"        {at}) words={shlex.quote(' '.join(choices))} ;;")
    return "\n".join(
        [
            "# opentok completion for bash: source <(opentok completion bash)",
            "_opentok() {",
            '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
            '    local path="" w words=""',
            '    for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do',
            '        case "$path $w" in',
            f'        {known}) path="$path $w" ;;',
            "        esac",
            "    done",
            '    case "${path# }|$prev" in',
            *values,
            "        *)",
            '    case "$path" in',
            *words,
            "    esac ;;",
            "    esac",
            '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
            "}",
            "complete -F _opentok opentok",
            "",
        ]
    )


def _fish(tree: list[Node]) -> str:
    known = " ".join(shlex.quote(" ".join(n.path)) for n in tree if n.path)
    lines = [
        "# opentok completion for fish: opentok completion fish | source",
        "function __opentok_at",
        "    set -l path ''",
        f"    set -l known {known}",
        "    for w in (commandline -opc)[2..-1]",
        '        set -l next (string trim -- "$path $w")',
        "        if contains -- $next $known",
        "            set path $next",
        "        end",
        "    end",
        '    test "$path" = "$argv[1]"',
        "end",
        "complete -c opentok -f",
    ]
    for node in tree:
        at = f"-n {shlex.quote('__opentok_at ' + shlex.quote(' '.join(node.path)))}"
        for name, text in node.commands:
            lines.append(f"complete -c opentok {at} -a {shlex.quote(name)} -d {shlex.quote(text)}")
        for flag, text, choices in node.options:
            values = f" -x -a {shlex.quote(' '.join(choices))}" if choices else ""
            lines.append(f"complete -c opentok {at} -l {flag[2:]} -d {shlex.quote(text)}{values}")
    return "\n".join(lines) + "\n"


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` (the whole ``opentok`` tree) for ``shell``."""
    tree = list(nodes(parser))
    if shell == "fish":
        return _fish(tree)
    text = _bash(tree)
    if shell == "zsh":  # zsh runs bash completion functions through bashcompinit
        header = "# opentok completion for zsh: source <(opentok completion zsh)\n"
        return header + "autoload -U +X bashcompinit && bashcompinit\n" + text
    return text
