"""`python -m checker.cli`: the `claimcheck` command line."""

from checker.cli.main import main

main()
