"""`claimcheck serve` (the HTTP API, checker/api/server.py) and `claimcheck api-key` (its keys)."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli.app import app, console, err_console, settings_of

keys_app = typer.Typer(
    help="API keys of `claimcheck serve` (kept hashed in the store: the folder, or PostgreSQL)."
)
app.add_typer(keys_app, name="api-key")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every one).")] = (
        "127.0.0.1"
    ),
    port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="Port (default: the api_port setting).")
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI page at /docs) on the store the settings name."""
    import uvicorn

    from checker.api.server import create_app
    from ingest.pg import safe_url

    settings = settings_of(ctx)
    api = create_app(settings)  # a store that cannot be opened is an error before the banner
    where = settings.database_url and safe_url(settings.database_url) or settings.store
    err_console.print(
        f"claimcheck API on http://{host}:{port if port is not None else settings.api_port} "
        f"(store {where})",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    uvicorn.run(
        api,
        host=host,
        port=settings.api_port if port is None else port,
        log_level="warning",
        access_log=False,
    )


@keys_app.command("create")
def create(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Who uses it.")]) -> None:
    """Make a key; it is printed once, only its sha256 is kept."""
    from checker.api.server import api_keys

    console.print(api_keys(settings_of(ctx.parent or ctx)).create(name), highlight=False)


@keys_app.command("list")
def list_keys(ctx: typer.Context) -> None:
    """The names of the keys and when they were made (never the keys)."""
    from checker.api.server import api_keys

    for k in api_keys(settings_of(ctx.parent or ctx)).names():
        console.print(f"{k['name']}  created {k['created_at']}", highlight=False, markup=False)


@keys_app.command("revoke")
def revoke(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The key's name.")]
) -> None:
    """Stop a key from working."""
    from checker.api.server import api_keys

    api_keys(settings_of(ctx.parent or ctx)).revoke(name)
    console.print(f"revoked {name}", highlight=False, markup=False)
