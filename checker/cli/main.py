"""The `claimcheck` command line. Thin: it builds objects from settings, calls the stages, and
turns ClaimcheckErrors into one-line messages. Each checker/cli/*.py module adds its commands."""

from __future__ import annotations

import sys
from typing import Any

import typer
from pydantic import ValidationError

from checker.cli import (  # noqa: F401  (they register their commands)
    check,
    copy,
    evaluate,
    ingest,
    reindex,
    serve,
    ui,
)
from checker.cli.app import app, err_console
from checker.settings import get_settings
from ingest.errors import ClaimcheckError


def hoist_global_options(group: Any, args: list[str]) -> list[str]:  # a click Group
    """`args` with the global options typed after the command moved before it, so that
    `claimcheck ingest URL --store DIR` works as `claimcheck --store DIR ingest URL` does.

    An option the command defines itself (`reindex --embedder`) stays the command's; nothing
    after `--` moves. Click has no setting for options that go anywhere: it parses a group's
    options only before the command name."""
    takes_value = {
        opt: not p.is_flag
        for p in group.params
        if p.param_type_name == "option"  # typer ships its own copy of click's classes
        for opt in p.opts
    }
    head: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("-"):  # options already before the command
        name = args[i].split("=", 1)[0]
        step = 2 if takes_value.get(name) and "=" not in args[i] else 1
        head += args[i : i + step]
        i += step
    if i >= len(args) or args[i] not in group.commands:
        return args
    command = group.commands[args[i]]
    own = {opt for p in command.params for opt in getattr(p, "opts", ())}
    moved: list[str] = []
    rest: list[str] = [args[i]]
    j = i + 1
    while j < len(args):
        arg = args[j]
        if arg == "--":
            rest += args[j:]
            break
        name = arg.split("=", 1)[0]
        if name in takes_value and name not in own:
            step = 2 if takes_value[name] and "=" not in arg else 1
            moved += args[j : j + step]
            j += step
            continue
        rest.append(arg)
        j += 1
    return head + moved + rest


def main() -> None:
    command = typer.main.get_command(app)
    try:
        args = hoist_global_options(command, sys.argv[1:])
        code = command.main(args=args, prog_name="claimcheck", standalone_mode=False)
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
