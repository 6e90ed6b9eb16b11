"""`brochure completion bash|zsh`: a shell completion script."""

from __future__ import annotations

import argparse

from brochure.exit_codes import EXIT_OK


def run(arguments: argparse.Namespace) -> int:
    from brochure.completion import bash_script, zsh_script

    script = bash_script if arguments.shell == "bash" else zsh_script
    print(script(arguments.command_line), end="")
    return EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    completion = commands.add_parser("completion", help="print a shell completion script: "
                                     "eval \"$(brochure completion bash)\" in ~/.bashrc")
    completion.add_argument("shell", choices=("bash", "zsh"))
    completion.set_defaults(run=run)
