"""The reply to one user turn, as the answer layer builds it and the dialogue layer sends it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.calc.result import Result
from bot.dialogue.state import LastAnswer, PendingQuestion


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    pending: PendingQuestion | None = None  # the question resumed by the next message (a value was missing)
    handoff: str | None = None  # office id when the reply routes the user to a phone line
    topic: str = ""  # what the reply answered: an intent, faq:<id>, not_covered:<topic>, out_of_scope…
    result: Result | None = None
    context: LastAnswer | None = None  # what a follow-up ("那北京呢") changes and re-asks

    @property
    def answered(self) -> bool:
        return self.pending is None
