"""``python -m pipeline`` runs the resbrief command."""

import sys

from pipeline.cli import main

sys.exit(main())
