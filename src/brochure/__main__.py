"""Entry point for `python -m brochure`."""

from brochure.cli import main

raise SystemExit(main())
