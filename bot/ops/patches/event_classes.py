"""Event classes found by type name once, not by walking every ``Event`` subclass for each stored event.

``Event.resolve_by_type`` walks all ``Event`` subclasses for every stored event it reads (each tracker
load reads the whole conversation); the class found for a type name is remembered.
"""

from __future__ import annotations

from rasa.shared.core.events import Event

from bot.ops.patches.base import Patch

_classes_by_type: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    try:
        return _classes_by_type[type_name]
    except KeyError:
        pass
    except Exception as error:  # e.g. an unhashable name from a malformed event: Rasa's own answer
        return PATCH.fallback(error, lambda: PATCH.rasa_code(type_name, default))
    resolved = PATCH.rasa_code(type_name, default)
    if resolved is not None and resolved is not default:
        _classes_by_type[type_name] = resolved
    return resolved


PATCH = Patch("event_classes", Event, "resolve_by_type", staticmethod(resolve_by_type))
install, uninstall = PATCH.install, PATCH.uninstall
