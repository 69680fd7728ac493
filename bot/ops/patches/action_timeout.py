"""Every action-server call cut after a few seconds, not Rasa's five minutes.

Rasa calls the action server with a fixed ``DEFAULT_REQUEST_TIMEOUT`` of 300 s (``rasa.core.constants``,
read into ``rasa.core.actions.action``; no setting changes it). An action server that hangs (overloaded,
stopped, a network that drops packets) would hold the turn, its admission slot and its conversation's lock
for five minutes while the user waits. ``RemoteAction.run`` is wrapped here in ``asyncio.wait_for`` with
``BOT_ACTION_TIMEOUT`` seconds (default :data:`DEFAULT_TIMEOUT`): past it, the call is cancelled and
raises the ``RasaException`` Rasa raises for an unreachable action server, so the turn ends as it does when
the action server is down (Rasa logs it, the channel replies with the busy text and the hotline). The
slowest action answers in well under a second on this machine (docs/benchmarks.md).

The wrapper calls Rasa's ``run`` unchanged, whatever it does inside; only how long it may take changes.
The limit also bounds the conversation lock's worst-case turn (:mod:`bot.ops.lock_store`).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.shared.exceptions import RasaException

from bot.ops.patches.base import Patch

logger = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 5.0
VARIABLE = "BOT_ACTION_TIMEOUT"


def timeout_from_environment() -> float:
    """``BOT_ACTION_TIMEOUT`` seconds, or :data:`DEFAULT_TIMEOUT` when unset, invalid or not positive."""
    value = os.environ.get(VARIABLE, "").strip()
    try:
        seconds = float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        logger.warning("%s=%r is not a number; using %s s", VARIABLE, value, DEFAULT_TIMEOUT)
        return DEFAULT_TIMEOUT
    return seconds if seconds > 0 else DEFAULT_TIMEOUT


async def run_within_limit(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    limit = timeout_from_environment()
    try:
        return await asyncio.wait_for(PATCH.rasa_code(self, *args, **kwargs), limit)
    except asyncio.TimeoutError:
        logger.error("action_server.timeout action=%s limit=%ss", self.name(), limit)
        raise RasaException(
            f"Failed to execute custom action '{self.name()}': the action server did not answer "
            f"within {limit:g} s."
        ) from None


PATCH = Patch("action_timeout", RemoteAction, "run", run_within_limit, requires=["name"])
install, uninstall = PATCH.install, PATCH.uninstall
