"""Where the bundled data and the built store live (overridable by environment variables)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
POLICY_DATA_DIR = Path(os.environ.get("BOT_POLICY_DATA", REPO_ROOT / "data" / "policy"))
JIEBA_DICT_DIR = REPO_ROOT / "data" / "jieba"
VAR_DIR = Path(os.environ.get("BOT_VAR_DIR", REPO_ROOT / "var"))
SEEDS_DIR = Path(os.environ.get("BOT_SEEDS_DIR", REPO_ROOT / "data" / "seeds"))


def policy_db_url() -> str:
    """SQLAlchemy URL of the policy store; SQLite in ``var/`` unless ``BOT_POLICY_DB`` says otherwise."""
    url = os.environ.get("BOT_POLICY_DB")
    if url:
        return url
    return f"sqlite:///{VAR_DIR / 'policy.sqlite'}"
