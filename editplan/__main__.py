"""``python -m editplan`` runs the command line."""

from .cli import main

main()
