"""What every Rasa patch is: one attribute of one Rasa class replaced, Rasa's original kept to restore it
and to fall back on."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

logger = logging.getLogger("bot.ops.patches")

Result = TypeVar("Result")


class _Absent:
    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()  # an attribute the class does not define itself


class Fallback:
    """Rasa's own code for one call whose fast path raised.

    A fast path that fails fails on every message: one WARNING with the traceback says it, the later
    failures are only counted. Nothing is logged when Rasa's own code raises too: the error was then the
    input's (Rasa's verdict, which propagates as Rasa raises it), not a defect of the fast path.
    """

    def __init__(self, patch_name: str) -> None:
        self.patch_name = patch_name
        self.failures = 0

    def __call__(self, error: Exception, rasa_code: Callable[[], Result]) -> Result:
        result = rasa_code()
        self.failures += 1
        if self.failures == 1:
            logger.warning(
                "Rasa patch %s: the fast path raised %s: %s; Rasa's own code answered, as it "
                "will each time the fast path fails (logged once)",
                self.patch_name,
                type(error).__name__,
                error,
                exc_info=error,
            )
        return result


class Patch:
    """``owner.attribute`` replaced by ``replacement``, which is set as given (a function, a ``staticmethod``
    or a ``classmethod``).

    The original is read from the owner's own ``__dict__`` when the patch is defined (its module is imported
    before anything is installed), so :meth:`uninstall` puts back exactly what Rasa had, descriptor and
    all. A patch that ``adds`` an attribute Rasa does not define deletes it again. ``requires`` names the
    other attributes of the owner that the replacement relies on: a Rasa without them is not patched.
    """

    def __init__(
        self,
        name: str,
        owner: type,
        attribute: str,
        replacement: Any,
        *,
        adds: bool = False,
        requires: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.owner = owner
        self.attribute = attribute
        self.replacement = replacement
        self.adds = adds
        self.requires = tuple(requires)
        self.original = owner.__dict__.get(attribute, ABSENT)
        self.fallback = Fallback(name)

    @property
    def target(self) -> str:
        """What is replaced, as ``module.Class.attribute``."""
        return f"{self.owner.__module__}.{self.owner.__qualname__}.{self.attribute}"

    @property
    def rasa_code(self) -> Callable[..., Any]:
        """Rasa's own function (unwrapped from its ``staticmethod`` or ``classmethod``), for fallbacks."""
        if self.original is ABSENT:
            raise AttributeError(f"Rasa has no {self.target}")
        return getattr(self.original, "__func__", self.original)

    def skip_reason(self) -> str | None:
        """Why this Rasa cannot take the patch, or ``None``."""
        if self.adds and self.original is not ABSENT:
            return f"{self.target} is defined by this Rasa: nothing to add"
        if not self.adds and not callable(getattr(self.original, "__func__", self.original)):
            return f"{self.target} is not a function of this Rasa"
        missing = [name for name in self.requires if not hasattr(self.owner, name)]
        if missing:
            return f"{self.owner.__qualname__} has no {', '.join(missing)}"
        return None

    @property
    def installed(self) -> bool:
        return self.owner.__dict__.get(self.attribute, ABSENT) is self.replacement

    def install(self) -> None:
        """Idempotent: installing an installed patch changes nothing."""
        if not self.installed:
            setattr(self.owner, self.attribute, self.replacement)

    def uninstall(self) -> None:
        """Rasa's original again (only if this patch is what is in place)."""
        if not self.installed:
            return
        if self.original is ABSENT:
            delattr(self.owner, self.attribute)
        else:
            setattr(self.owner, self.attribute, self.original)

    def __repr__(self) -> str:
        return f"<Patch {self.name}: {self.target}{' (installed)' if self.installed else ''}>"
