"""Slots copied directly instead of through ``copy``'s generic protocol.

Every tracker Rasa builds (about ten per turn: the stored one, and one per step each time a policy replays
the conversation) copies all 40 slots with ``copy.copy``, which goes through the generic
``__reduce_ex__`` protocol. ``Slot.__copy__`` (which Rasa does not define) does what that protocol does for
these plain classes, directly: a new instance of the same class with the same attribute dict (4 % of a
turn).
"""

from __future__ import annotations

import copy

from rasa.shared.core.slots import Slot

from bot.ops.patches.base import Patch


def copy_slot(slot: Slot) -> Slot:
    """What ``copy.copy`` does for a slot: ``cls.__new__(cls)``, then the same attributes (a shallow copy)."""
    try:
        new = slot.__class__.__new__(slot.__class__)
        new.__dict__.update(slot.__dict__)
        return new
    except Exception as error:
        return PATCH.fallback(error, lambda: copy_by_protocol(slot))


def copy_by_protocol(slot: Slot) -> Slot:
    """``copy.copy`` of an object without ``__copy__``: its ``__reduce_ex__(4)``, reconstructed."""
    return copy._reconstruct(slot, None, *slot.__reduce_ex__(4))  # type: ignore[attr-defined]


PATCH = Patch("slot_copy", Slot, "__copy__", copy_slot, adds=True)
install, uninstall = PATCH.install, PATCH.uninstall
