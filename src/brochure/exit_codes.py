"""Command line: the exit codes of every command (cli.py and each module of commands/ return them)."""

EXIT_OK, EXIT_PREFLIGHT, EXIT_USER, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command ended by Ctrl-C
