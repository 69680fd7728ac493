"""``rasa`` with our Rasa patches installed first: ``python -m bot.ops.rasa_main run --model … --port …``.

Takes Rasa's own command line, unchanged (every ``rasa`` command works). Rasa 3.6 has no start-up hook (its
plugin manager loads only the enterprise ``rasa_plus`` package), and the patches must be in place before
Rasa loads a model, whatever the command and whichever channels credentials.yml lists: so every place we
start Rasa (scripts/run.sh, scripts/deploy_local.py, the test harnesses, the benchmarks) starts it here.
``BOT_RASA_PATCHES=off`` runs Rasa's own code (see :mod:`bot.ops.patches`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator

from bot.ops import exposure, patches

RASA_LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s  - %(message)s"  # as rasa.utils.io colours it
RASA_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"  # coloredlogs' default


@contextlib.contextmanager
def start_up_logging() -> Iterator[None]:
    """The bootstrap's lines on stderr in Rasa's format: Rasa configures logging only inside its ``main``,
    after the bootstrap. A temporary handler on our logger alone, so Rasa's configuration is left as is."""
    log = logging.getLogger("bot.ops")  # the patch bootstrap and bot.ops.exposure
    if logging.getLogger().handlers:  # logging already configured (an embedding program): use it
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(RASA_LOG_FORMAT, RASA_DATE_FORMAT))
    level, propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.propagate = propagate


def main() -> None:
    with start_up_logging():
        patches.install_all()
        # bind 127.0.0.1, the HTTP API behind a token, Sanic's request size (bot/ops/exposure.py)
        sys.argv[1:] = exposure.harden(sys.argv[1:], os.environ)
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
