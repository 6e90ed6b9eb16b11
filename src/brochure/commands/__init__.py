"""Command line: one module per command (`brochure build` is commands/build.py…), each with
`add_parser(commands)`, which declares its options and sets `run`, and `run(arguments) -> int`,
which prints and returns an exit code. cli.py lists them in one table and runs the one chosen."""
