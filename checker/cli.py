"""The `claimcheck` command line. Thin: it builds objects from settings, calls the stages, and
turns ClaimcheckErrors into one-line messages. Each checker/cli_*.py module adds its commands."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError

from checker import (  # noqa: F401  (they register their commands)
    cli_check,
    cli_eval,  # noqa: F401
    cli_ingest,
    cli_models,  # noqa: F401
    cli_ui,
)
from checker.cli_app import app, err_console
from checker.settings import get_settings
from ingest.errors import ClaimcheckError


def main() -> None:
    command = typer.main.get_command(app)
    try:
        code = command.main(prog_name="claimcheck", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except ClaimcheckError as exc:
        message = " ".join(str(exc).split())
        sys.stderr.write(f"error: {message}\n")
        sys.exit(1)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        sys.stderr.write(f"error: invalid setting: {problems}\n")
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # a usage error: unknown option, bad value
        message = " ".join(exc.format_message().split())
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        sys.stderr.write(f"error: {message}{hint}\n")
        sys.exit(getattr(exc, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - a bug must still read as one line
        if get_settings().debug:
            raise
        sys.stderr.write(
            f"error: unexpected {type(exc).__name__}: {' '.join(str(exc).split())} "
            "(set CLAIMCHECK_DEBUG=1 for the traceback, and please report it)\n"
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
