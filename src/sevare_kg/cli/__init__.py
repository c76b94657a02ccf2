"""The ``sevare-kg`` command line: ``main(argv)`` parses the arguments and runs one command."""

from sevare_kg.cli.main import main

__all__ = ["main"]
