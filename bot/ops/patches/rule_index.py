"""RulePolicy's rule lookup narrowed by an index of the previous action.

``RulePolicy._get_possible_keys`` filters all 600 rule keys against the conversation on every prediction.
A rule whose last state requires a different previous action can never match, so keys are indexed by
what they require of that action first, and only the candidates go through Rasa's own filter.

The index belongs to one lookup table of one policy: it is kept on the policy object and holds the table
itself, found again by identity (``is``), never by ``id()`` alone, so a new table at a reused address
cannot meet a stale index. A table Rasa shrinks in place while training (``RulePolicy`` pops contradicting
rules) gets a new index; candidates are also checked against the table, so a removed key is never
returned.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET

from bot.ops.patches.base import Patch

NO_ACTION = "no previous action"  # the bucket of conversation-start rule states
INDEXES_ATTRIBUTE = "_bot_rule_indexes"  # on the policy: its tables' indexes
MAX_INDEXES = 4  # Rasa looks up two tables per policy; training replaces them a few times


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value  # as Rasa compares them


class RuleIndex:
    """The keys of one lookup table, grouped by what their last state requires of the previous action."""

    def __init__(self, policy: RulePolicy, lookup: dict[str, str]) -> None:
        self.lookup = lookup  # held: identifies the table, and no other object can take its address
        self.size = len(lookup)
        self.by_action: dict[Any, list[str]] = defaultdict(list)
        for key in lookup:
            action = policy._rule_key_to_state(key)[-1].get(PREVIOUS_ACTION)
            required = frozenset(
                (name, _hashable(value))
                for name, value in (action or {}).items()
                if value and value != SHOULD_NOT_BE_SET
            )
            self.by_action[required if action else NO_ACTION].append(key)

    def fits(self, lookup: dict[str, str]) -> bool:
        return self.lookup is lookup and self.size == len(lookup)

    def candidates(self, current_state: dict[str, Any]) -> set[str]:
        action = current_state.get(PREVIOUS_ACTION)
        if not action:
            keys = set(self.by_action.get(NO_ACTION, ()))
        else:
            items = [(name, _hashable(value)) for name, value in action.items()]
            keys = set()
            for size in range(len(items) + 1):  # a rule's requirement is a part of the conversation's action
                for subset in itertools.combinations(items, size):
                    keys.update(self.by_action.get(frozenset(subset), ()))
        return {key for key in keys if key in self.lookup}


def index_for(policy: RulePolicy, lookup: dict[str, str]) -> RuleIndex:
    indexes: list[RuleIndex] = policy.__dict__.setdefault(INDEXES_ATTRIBUTE, [])
    for index in indexes:
        if index.fits(lookup):
            return index
    indexes[:] = [index for index in indexes if index.lookup is not lookup][-(MAX_INDEXES - 1) :]
    index = RuleIndex(policy, lookup)
    indexes.append(index)
    return index


def get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[dict[str, Any]]) -> set[str]:
    if not states:
        return set(lookup.keys())
    try:
        possible_keys = index_for(self, lookup).candidates(states[-1])
    except Exception as error:
        return PATCH.fallback(error, lambda: PATCH.rasa_code(self, lookup, states))
    for i, state in enumerate(reversed(states)):  # Rasa's own filter, on the candidates only
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, i, state)}
    return possible_keys


PATCH = Patch(
    "rule_index",
    RulePolicy,
    "_get_possible_keys",
    get_possible_keys,
    requires=["_rule_key_to_state", "_is_rule_applicable"],
)
install, uninstall = PATCH.install, PATCH.uninstall
