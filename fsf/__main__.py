"""``python -m fsf`` runs the command line (see :mod:`fsf.cli`)."""

from fsf.cli import main

raise SystemExit(main())
