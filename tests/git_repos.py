"""A throwaway git repository for the change-aware tests (baselines at a revision, the hook)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def new_repo(root: Path) -> Path:
    """An empty repository at `root`, with an identity and no signing, so commits work anywhere."""
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.name", "cfguard tests")
    git(root, "config", "user.email", "tests@cfguard.invalid")
    git(root, "config", "commit.gpgsign", "false")
    return root


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
