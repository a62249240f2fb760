"""``python -m editplan`` runs the command line."""

from editplan.cli import run

run()
