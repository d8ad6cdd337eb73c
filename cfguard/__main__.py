"""`python -m cfguard`."""

from __future__ import annotations

from cfguard.cli import main

if __name__ == "__main__":
    main()
