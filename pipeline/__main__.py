"""``python -m pipeline`` runs the resbrief command."""
import sys

from .cli import main

sys.exit(main())
