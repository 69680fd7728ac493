"""Our patches of Rasa internals, one module each, and the one bootstrap that installs them.

Every patch replaces one attribute of one Rasa class (:class:`bot.ops.patches.base.Patch`: what it
replaces, ``install()`` keeping Rasa's original, ``uninstall()`` restoring it). All but three are speed-ups
measured with py-spy under load (docs/benchmarks.md) that give exactly the result of the code they replace
(tests/test_rasa_speedups.py compares each with Rasa's own code on the shipped model); the exceptions:
``turn_admission`` changes when a turn runs, never what it does, ``action_timeout`` how long an
action-server call may take (``BOT_ACTION_TIMEOUT``, 5 s; Rasa's 300 s is fixed in its code), and
``session_rollover`` when a conversation session ends (also after ``BOT_SESSION_MAX_TURNS`` user turns,
docs/sessions.md; ``session_carry_over`` gives the new session Rasa's slots with one event per slot,
compared in tests/test_session_rollover.py).
:data:`PATCHES` lists them with the reason for each; each module's docstring gives the measurements.

**Installed at start-up, explicitly.** :func:`install_all` runs before Rasa does anything, from the entry
point ``python -m bot.ops.rasa_main`` (Rasa's own ``main`` behind the bootstrap; Rasa 3.6 has no start-up
hook) that scripts/run.sh, scripts/deploy_local.py, the test harnesses and the benchmarks start Rasa with.
No channel installs anything on import, so which channels credentials.yml lists does not matter. A plain
``rasa`` command runs Rasa's own code. The bootstrap logs one INFO line naming what it installed and what
it skipped, and why.

**Version-checked.** The speed-ups were written against Rasa :data:`RASA_VERSION`, reading its source: on
any other version they are all skipped, with a WARNING naming both versions, and Rasa runs its own code.
Each patch also checks that what it replaces and relies on exists. To move to a new Rasa: re-read each
replaced function in the new source, run tests/test_rasa_speedups.py and tests/test_patches.py against
it, then change :data:`RASA_VERSION`. The turn gate is not version-bound: it wraps
``Agent.handle_message`` whatever its arguments and relies on nothing inside it.

**Switches.** ``BOT_RASA_PATCHES=off`` installs none of them (Rasa as shipped, the gate included);
``BOT_RASA_PATCHES=-diet_numpy,-graph_runner`` leaves out the named ones. ``BOT_MAX_CONCURRENT_TURNS``
sets the gate's limit (0 leaves it out).

**Falling back.** A fast path that raises answers that call with Rasa's own code, and says so once in the
log (:class:`bot.ops.patches.base.Fallback`): a Rasa internal that changes shape degrades speed, not the
conversation. Errors Rasa's own code raises as well (a graph node's, invalid input) stay Rasa's.

**Why patch the rule lookup rather than subclass RulePolicy.** A ``RulePolicy`` subclass overriding
``_get_possible_keys`` would be Rasa's own extension point (a custom policy in config.yml), but Rasa's
recipe validator (``DefaultV1RecipeValidator``) looks for ``RulePolicy`` by exact class
(``node.uses == RulePolicy``): with a subclass it would warn at every training that no RulePolicy is
configured (so ``/restart`` and ``/back`` would not work, which is false), and it would skip
``RulePolicy.raise_if_incompatible_with_domain``, the check that, among others, the
``core_fallback_action_name`` of config.yml (``action_fallback``) exists in the domain. The class is also
part of the trained model: switching the subclass on or off means retraining, and the model could no
longer be loaded by a stock Rasa. The patch keeps every validation step and the model Rasa's own, can be
switched off at start-up, and is compared with Rasa's own lookup on the same model in the tests; its cost,
depending on a private method, is what the version check, the attribute checks and the fallback contain.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from dataclasses import dataclass, field

import rasa

from bot.ops.patches.base import Patch

logger = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"  # the Rasa whose source the patches were written against
SWITCH = "BOT_RASA_PATCHES"


@dataclass(frozen=True)
class Entry:
    """One patch: its module in this package, why it exists, and whether it needs :data:`RASA_VERSION`."""

    name: str
    reason: str
    version_bound: bool = True

    def load(self) -> Patch:
        return importlib.import_module(f"{__name__}.{self.name}").PATCH


PATCHES = [
    Entry(
        "action_response_validation",
        "jsonschema re-checks Rasa's schema and tries all 20 event schemas on every action response",
    ),
    Entry("rule_index", "RulePolicy filters all 600 rule keys per prediction; an index by previous action"),
    Entry("model_load", "loading a model traces a training step nobody runs: a third of the first reply"),
    Entry("event_classes", "Event.resolve_by_type walks every Event subclass for every stored event read"),
    Entry("slot_copy", "ten trackers a turn copy 40 slots each through copy's generic __reduce_ex__"),
    Entry("featurizer_combine", "combining featurizers deep-copies a feature only to replace its matrix"),
    Entry("diet_numpy", "DIET's intent scores in NumPy: TensorFlow's call overhead exceeds the arithmetic"),
    Entry("graph_runner", "dask's synchronous scheduler costs 9 % of a turn to order ten tasks"),
    Entry("action_timeout", "Rasa waits 300 s for the action server: a few seconds, then the busy reply"),
    Entry("session_carry_over", "a new session copied every slot event of the last one: ever longer"),
    Entry("session_rollover", "a turn replays its whole session: a new session after a number of user turns"),
    Entry(
        "turn_admission",
        "a few turns at a time, the rest in arrival order: short slowest replies",
        version_bound=False,
    ),
]


@dataclass
class Report:
    """What one bootstrap did."""

    rasa_version: str
    installed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # name → why

    def line(self) -> str:
        """One line for the log: the patches skipped for one reason are named together, before it."""
        by_reason: dict[str, list[str]] = {}
        for name, why in self.skipped.items():
            by_reason.setdefault(why, []).append(name)
        installed = ", ".join(self.installed) or "none"
        skipped = "; ".join(f"{', '.join(names)} ({why})" for why, names in by_reason.items()) or "none"
        return f"Rasa {self.rasa_version} patches: installed {installed}; skipped {skipped}"


_report: Report | None = None  # the bootstrap's, once it ran


def left_out_by_switch(value: str | None) -> set[str]:
    """Patches ``BOT_RASA_PATCHES`` leaves out: ``off`` all, ``-name,-name`` those, unset or ``on`` none."""
    names = {entry.name for entry in PATCHES}
    value = (value or "").strip().lower()
    if value in ("", "on", "all", "1", "true", "yes"):
        return set()
    if value in ("off", "none", "0", "false", "no"):
        return names
    left_out = set()
    for token in filter(None, (token.strip() for token in value.split(","))):
        if token.startswith("-") and token[1:] in names:
            left_out.add(token[1:])
        else:
            logger.warning(
                "%s=%s: %r is not on, off or -<patch> with a patch of %s; ignored",
                SWITCH,
                value,
                token,
                ", ".join(sorted(names)),
            )
    return left_out


def install_all() -> Report:
    """Install the patches this Rasa and the environment allow, once; log what was installed and skipped.

    Idempotent: a second call changes nothing and returns the first call's report (until
    :func:`uninstall_all`).
    """
    global _report
    if _report is not None:
        return _report
    report = Report(rasa.__version__)
    version_matches = report.rasa_version == RASA_VERSION
    if not version_matches:
        logger.warning(
            "Rasa %s is installed, but bot/ops/patches was written for Rasa %s: its speed-ups are "
            "skipped and Rasa runs its own code",
            report.rasa_version,
            RASA_VERSION,
        )
    left_out = left_out_by_switch(os.environ.get(SWITCH))
    for entry in PATCHES:
        if entry.name in left_out:
            report.skipped[entry.name] = f"{SWITCH}={os.environ.get(SWITCH)}"
            continue
        if entry.version_bound and not version_matches:
            report.skipped[entry.name] = f"written for Rasa {RASA_VERSION}"
            continue
        try:
            patch = entry.load()
            reason = patch.skip_reason()
        except Exception as error:  # a Rasa whose modules moved: skip, never stop the start
            reason = f"{type(error).__name__}: {error}"
        if reason:
            report.skipped[entry.name] = reason
            continue
        patch.install()
        report.installed.append(entry.name)
    logger.info(report.line())
    _report = report
    return report


def uninstall_all() -> None:
    """Rasa's own code everywhere again; the next :func:`install_all` runs the bootstrap anew."""
    global _report
    for entry in PATCHES:
        module = sys.modules.get(f"{__name__}.{entry.name}")  # one never imported was never installed
        if module is not None:
            module.PATCH.uninstall()
    _report = None


__all__ = ["PATCHES", "RASA_VERSION", "SWITCH", "Entry", "Patch", "Report", "install_all", "uninstall_all"]
