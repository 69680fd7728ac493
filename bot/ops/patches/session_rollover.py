"""A new conversation session after a number of user turns, so that a turn costs the same at turn 10 and 400.

Rasa reads, replays and ships the whole current session on every turn: the tracker store reads every event
since the session started and rebuilds the tracker from them, RulePolicy rebuilds the state of every past
turn for each prediction, and every action call sends all events to the action server. A session ends
only after ``session_expiration_time`` minutes without a message (domain.yml), so a turn's cost grew with
the conversation: median 74.5 ms at turns 1-50, 567 ms at turns 351-400 of one conversation on this shared
machine, and 34.8 ms at turns 351-400 with this patch (scripts/bench_long_conversation.py,
docs/benchmarks.md; design and limits: docs/sessions.md).

``MessageProcessor._has_session_expired`` (Rasa's idle-time rule, asked at the start of every turn before
the message is logged) also answers yes once the current session holds ``BOT_SESSION_MAX_TURNS`` user
messages (default :data:`DEFAULT_MAX_TURNS`; ``0`` switches the rollover off). Rasa then runs
``action_session_start`` as after an idle hour: a ``session_started`` event, the slots carried over
(``carry_over_slots_to_new_session: true``), and the new message is the first turn of the new session, so a
turn never reads more than that many turns of events.

Nothing the assistant needs is lost: everything the dialogue layer keeps between turns is in slots (the
city and enterprise type, the pending question, the last answer that 那北京呢 re-asks, the questionnaire's
answers; bot/dialogue/state.py), and every rule (data/rules/) looks at the current turn only. A session is
never rolled over

* inside a questionnaire (an active loop): the form's history stays whole until it ends, and the rollover
  comes at the first turn after it;
* when the domain does not carry slots over, or sessions are switched off
  (``session_expiration_time: 0``): a new session would then forget the conversation;
* when :mod:`bot.ops.patches.session_carry_over` is not installed: Rasa's own carry-over copies every slot
  event of the old session into the new one, so sessions would start ever longer.
"""

from __future__ import annotations

import logging
import os

from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.patches import session_carry_over
from bot.ops.patches.base import Patch

logger = logging.getLogger(__name__)

SWITCH = "BOT_SESSION_MAX_TURNS"
DEFAULT_MAX_TURNS = 20
_warned: set[str] = set()  # invalid values of the switch already logged


def max_turns() -> int:
    """User turns a session holds before the next message starts a new one; 0: no rollover."""
    value = os.environ.get(SWITCH, "").strip()
    if not value:
        return DEFAULT_MAX_TURNS
    try:
        turns = int(value)
        if turns < 0:
            raise ValueError(value)
    except ValueError:
        if value not in _warned:
            _warned.add(value)
            logger.warning(
                "%s=%r is not a whole number ≥ 0; a session rolls over after %d turns",
                SWITCH,
                value,
                DEFAULT_MAX_TURNS,
            )
        return DEFAULT_MAX_TURNS
    return turns


def turns_in_session(tracker: DialogueStateTracker) -> int:
    """User messages since the tracker's latest session start (or restart)."""
    turns = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            turns += 1
        elif isinstance(event, (SessionStarted, Restarted)):
            break
    return turns


def session_is_full(processor: MessageProcessor, tracker: DialogueStateTracker) -> bool:
    limit = max_turns()
    config = processor.domain.session_config
    return (
        limit > 0
        and config.are_sessions_enabled()
        and config.carry_over_slots
        and session_carry_over.PATCH.installed
        and tracker.active_loop_name is None
        and turns_in_session(tracker) >= limit
    )


def has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
    try:
        full = session_is_full(self, tracker)
    except Exception as error:
        return PATCH.fallback(error, lambda: PATCH.rasa_code(self, tracker))
    if full:
        logger.debug(
            "session of %s full after %d turns: a new session starts", tracker.sender_id, max_turns()
        )
        return True
    return PATCH.rasa_code(self, tracker)  # Rasa's idle-time rule


PATCH = Patch("session_rollover", MessageProcessor, "_has_session_expired", has_session_expired)
install, uninstall = PATCH.install, PATCH.uninstall
