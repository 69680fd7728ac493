"""Action server responses validated against each event's own schema, not all twenty.

Rasa validates each action server response with ``jsonschema.validate(result, schema)``: it re-checks the
schema against the meta-schema on every call (about 100 ms), then tries every event against all 20 event
schemas of a ``oneOf`` (27 ms for the 41 events a questionnaire start returns; 1.7 ms this way). Here the
schema is checked once, and each event is validated against the schemas for its own ``event`` name only:
the others fail on their ``const`` and cannot change the ``oneOf`` outcome. A response this finds invalid
goes through Rasa's own validation, so the error (or the verdict) is Rasa's.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from functools import cache
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

from bot.ops.patches.base import Patch


class ResponseValidators:
    """The full validator, one for the response without its events, and one per event name."""

    def __init__(self, schema: dict[str, Any]) -> None:
        cls = validator_for(schema)
        cls.check_schema(schema)
        self.full = cls(schema)
        envelope = copy.deepcopy(schema)
        item_schema = envelope["properties"]["events"].pop("items")
        self.envelope = cls(envelope)
        branches_by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for branch in item_schema.get("oneOf", []):
            name = branch.get("properties", {}).get("event", {}).get("const")
            if name is None:  # a branch for any event: no shortcut is exact
                branches_by_event.clear()
                break
            branches_by_event[name].append(branch)
        self.by_event = {
            name: cls({**item_schema, "oneOf": branches}) for name, branches in branches_by_event.items()
        }

    def is_valid(self, result: Any) -> bool:
        if not self.by_event or not self.envelope.is_valid(result):
            return self.full.is_valid(result)
        for event in result.get("events") or []:
            name = event.get("event") if isinstance(event, dict) else None
            validator = self.by_event.get(name) if isinstance(name, str) else None
            if validator is None or not validator.is_valid(event):  # Rasa's validation decides
                return False
        return True


@cache
def response_validators() -> ResponseValidators:
    return ResponseValidators(RemoteAction.action_response_format_spec())


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        valid = response_validators().is_valid(result)
    except Exception as error:
        return PATCH.fallback(error, lambda: PATCH.rasa_code(self, result))
    # invalid: Rasa's own validation raises its own error (or, should this verdict be wrong, accepts it)
    return True if valid else PATCH.rasa_code(self, result)


PATCH = Patch(
    "action_response_validation",
    RemoteAction,
    "_validate_action_result",
    validate_action_result,
    requires=["action_response_format_spec"],
)
install, uninstall = PATCH.install, PATCH.uninstall
