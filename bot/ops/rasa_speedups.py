"""A measured fix for one Rasa 3.6 hot spot, installed by our REST channel (every `rasa run` of ours loads it).

Rasa validates each action server response with ``jsonschema.validate(result, schema)``, which first
re-checks the schema itself against the JSON Schema meta-schema on every call: about 100 ms per custom
action on this machine, most of a turn. The validator is built (and the schema checked) once instead; the
response is validated exactly as before, with the same error message on failure.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your response from "
                          f"the Action endpoint is valid. For more information about the format visit "
                          f"{DOCS_BASE_URL}/custom-actions")
        raise


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
