"""Run a lesson: python -m tracer lesson3."""

from .cli import main

raise SystemExit(main())
