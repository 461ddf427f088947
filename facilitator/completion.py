"""Tab-completion scripts for bash, zsh and fish, written from the command's own argparse parser.

The script is printed by ``facilitator completion SHELL`` and holds everything it completes
(commands, options, the choices of --format, file names for paths), so nothing is imported or
run when the user presses Tab, and nothing is added to the command's start-up.
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field

# Options whose value is a file: the shell offers file names for them.
_PATH_METAVARS = {"PATH", "FILE", "FILE.json"}


@dataclass
class Command:
    name: str
    summary: str
    flags: list[str] = field(default_factory=list)  # options that take no value
    valued: dict[str, list[str]] = field(default_factory=dict)  # option -> its choices ([] = a file name)
    helps: dict[str, str] = field(default_factory=dict)
    positional_choices: list[str] = field(default_factory=list)
    positional_files: bool = False


def describe(parser: argparse.ArgumentParser) -> tuple[Command, list[Command]]:
    """The top level and each subcommand, as what completion needs to know of them."""
    top = _command("", parser)
    subcommands: list[Command] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                command = _command(name, sub)
                command.summary = summaries.get(name, "")
                subcommands.append(command)
    return top, subcommands


def _command(name: str, parser: argparse.ArgumentParser) -> Command:
    command = Command(name, parser.description or "")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if not action.option_strings:
            if action.choices:
                command.positional_choices = [str(choice) for choice in action.choices]
            elif action.metavar in _PATH_METAVARS:
                command.positional_files = True
            continue
        takes_value = action.nargs != 0
        for option in action.option_strings:
            command.helps[option] = (action.help or "").replace("%%", "%")
            if takes_value:
                command.valued[option] = [str(choice) for choice in action.choices or ()]
            else:
                command.flags.append(option)
    return command


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    top, subcommands = describe(parser)
    prog = parser.prog
    if shell == "fish":
        return _fish(prog, top, subcommands)
    script = _bash(prog, top, subcommands)
    if shell == "zsh":
        # zsh runs bash completion functions through bashcompinit, which ships with zsh.
        return "autoload -U +X bashcompinit && bashcompinit\n" + script
    return script


def _words(items: list[str]) -> str:
    return shlex.quote(" ".join(items))


def _bash(prog: str, top: Command, subcommands: list[Command]) -> str:
    function = "_" + prog.replace("-", "_")
    names = [command.name for command in subcommands]
    lines = [
        f"# {prog} completion for bash (and zsh, through bashcompinit)",
        f"{function}() {{",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" command="" word',
        '    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do',
        f'        case "$word" in {"|".join(names)}) command="$word"; break;; esac',
        "    done",
        '    case "$command" in',
    ]
    for command in [*subcommands, top]:
        label = command.name or "''"
        options = command.flags + list(command.valued)
        lines.append(f"        {label})")
        lines.append('            case "$prev" in')
        for option, choices in command.valued.items():
            if choices:
                lines.append(
                    f'                {option}) COMPREPLY=($(compgen -W {_words(choices)} -- "$cur")); return;;'
                )
            else:
                lines.append(f'                {option}) COMPREPLY=($(compgen -f -- "$cur")); return;;')
        lines.append("            esac")
        if command is top:
            rest = f'COMPREPLY=($(compgen -W {_words(options + names)} -- "$cur"))'
        elif command.positional_choices:
            rest = f'COMPREPLY=($(compgen -W {_words(options + command.positional_choices)} -- "$cur"))'
        elif command.positional_files:
            rest = (
                f'if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W {_words(options)} -- "$cur")); '
                'else COMPREPLY=($(compgen -f -- "$cur")); fi'
            )
        else:
            rest = f'COMPREPLY=($(compgen -W {_words(options)} -- "$cur"))'
        lines.append(f"            {rest};;")
    lines += ["    esac", "}", f"complete -o filenames -F {function} {prog}", ""]
    return "\n".join(lines)


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(option: str) -> str:
    return f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"


def _fish(prog: str, top: Command, subcommands: list[Command]) -> str:
    names = " ".join(command.name for command in subcommands)
    lines = [f"# {prog} completion for fish", f"complete -c {prog} -f"]
    for command in subcommands:
        lines.append(
            f"complete -c {prog} -n 'not __fish_seen_subcommand_from {names}' -a {command.name} "
            f"-d {_fish_quote(command.summary)}"
        )
    for command in [top, *subcommands]:
        when = (
            f"'not __fish_seen_subcommand_from {names}'"
            if command is top
            else f"'__fish_seen_subcommand_from {command.name}'"
        )
        for option in command.flags:
            lines.append(f"complete -c {prog} -n {when} {_fish_option(option)} -d {_fish_quote(command.helps[option])}")
        for option, choices in command.valued.items():
            values = f"-x -a {_fish_quote(' '.join(choices))}" if choices else "-r -F"
            lines.append(
                f"complete -c {prog} -n {when} {_fish_option(option)} {values} -d {_fish_quote(command.helps[option])}"
            )
        if command.positional_choices:
            lines.append(f"complete -c {prog} -n {when} -a {_fish_quote(' '.join(command.positional_choices))}")
        elif command.positional_files:
            lines.append(f"complete -c {prog} -n {when} -F")
    return "\n".join(lines) + "\n"
