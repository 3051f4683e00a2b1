"""A command line may print."""

import typer


def main() -> None:
    """Say it is done."""
    print("done")


app = typer.Typer()
