"""Rasa's turns behind the first-come-first-served gate of :mod:`bot.ops.admission`.

``Agent.handle_message`` wrapped so that at most ``BOT_MAX_CONCURRENT_TURNS`` turns (default 4) are in
progress and the others wait in arrival order; ``BOT_MAX_CONCURRENT_TURNS=0`` leaves Rasa's method as it
is. The wrapper only decides when a turn runs and calls Rasa's method unchanged, whatever its arguments:
it does not depend on Rasa's internals, so the bootstrap installs it on any Rasa that has the method as
a coroutine function (see ``version_bound`` in :mod:`bot.ops.patches`).
"""

from __future__ import annotations

import inspect

from rasa.core.agent import Agent

from bot.ops import admission
from bot.ops.patches.base import Patch


class TurnAdmission(Patch):
    """The gate is built at install time, with the limit the environment gives then."""

    def __init__(self) -> None:
        super().__init__("turn_admission", Agent, "handle_message", None)
        self.original = admission._ORIGINAL_HANDLE_MESSAGE  # Rasa's, even if the gate was installed first

    def skip_reason(self) -> str | None:
        reason = super().skip_reason()
        if reason:
            return reason
        if not inspect.iscoroutinefunction(self.rasa_code):
            return f"{self.target} is not a coroutine function in this Rasa"
        if admission.limit_from_environment() == 0:
            return "BOT_MAX_CONCURRENT_TURNS=0"
        return None

    @property
    def installed(self) -> bool:
        return getattr(self.owner.__dict__.get(self.attribute), "gate", None) is not None

    def install(self, limit: int | None = None) -> None:
        """A gate of ``limit`` turns (the environment's by default); idempotent with the default."""
        if limit is None and self.installed:
            return
        admission.install(limit)

    def uninstall(self) -> None:
        admission.uninstall()


PATCH = TurnAdmission()
install, uninstall = PATCH.install, PATCH.uninstall
