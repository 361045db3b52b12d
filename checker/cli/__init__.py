"""The `claimcheck` command line: main.py (the entry point), app.py (the typer app), one module per
command group."""
