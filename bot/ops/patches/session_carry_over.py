"""A new session carries each slot over once, with its current value, not every slot event of the last one.

``ActionSessionStart`` (``carry_over_slots_to_new_session: true`` in domain.yml) starts a session with a
copy of *every* ``SlotSet`` event of the previous session: several a turn here (pending question, topic,
hand-off, last answer, the questionnaire's answers), including the copies that session itself started
with. Each session therefore starts longer than the one before, by all the slot events of its
predecessor, and every turn of it reads, replays and ships them to the action server: with
:mod:`bot.ops.patches.session_rollover` starting a session every few dozen turns, the sessions would grow
with the whole conversation again.

The replacement returns one ``SlotSet`` per slot set in the session, with the value (and metadata) of its
last event, in the order of those last events. Applied to the new session it gives every slot exactly the
value Rasa's list gives it (the last event of each slot wins in both), so the conversation is the same; the
number of carried events is bounded by the domain's slots (tests/test_session_rollover.py compares both).
"""

from __future__ import annotations

from rasa.core.actions.action import ActionSessionStart
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.patches.base import Patch


def latest_slot_events(tracker: DialogueStateTracker) -> list[SlotSet]:
    """One ``SlotSet`` per slot set in the tracker's applied events: the last one's value and metadata."""
    try:
        latest: dict[str, SlotSet] = {}
        for event in tracker.applied_events():
            if isinstance(event, SlotSet):
                latest.pop(event.key, None)  # ordered by each slot's last event, as Rasa's list ends
                latest[event.key] = event
        return [
            SlotSet(key=event.key, value=event.value, metadata=event.metadata) for event in latest.values()
        ]
    except Exception as error:
        return PATCH.fallback(error, lambda: PATCH.rasa_code(tracker))


PATCH = Patch(
    "session_carry_over",
    ActionSessionStart,
    "_slot_set_events_from_tracker",
    staticmethod(latest_slot_events),
)
install, uninstall = PATCH.install, PATCH.uninstall
