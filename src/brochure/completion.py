"""Command line: shell completion scripts (bash, zsh) written from the argument parser itself,
so that a new command or option completes without editing a script by hand."""

from __future__ import annotations

import argparse

BASH = """# brochure completion for bash (zsh: this file after `autoload -U bashcompinit && bashcompinit`)
_brochure() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" command="" word
  for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
    case "$word" in {names}) command="$word"; break;; esac
  done
  case "$command" in
{cases}
  esac
  if [[ "$cur" != -* && -n "$command" ]]; then
    COMPREPLY+=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -F _brochure brochure
"""


def options_of(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(option for action in parser._actions if action.help != argparse.SUPPRESS
                  for option in action.option_strings)


def bash_script(parser: argparse.ArgumentParser) -> str:
    commands: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands = dict(action.choices)
    words = " ".join(sorted(commands) + options_of(parser))
    cases = [f'    "") COMPREPLY=($(compgen -W "{words}" -- "$cur"));;']
    for name, command in sorted(commands.items()):
        cases.append(f'    {name}) COMPREPLY=($(compgen -W "{" ".join(options_of(command))}" -- "$cur"));;')
    return BASH.format(names="|".join(sorted(commands)), cases="\n".join(cases))


def zsh_script(parser: argparse.ArgumentParser) -> str:
    return "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(parser)
