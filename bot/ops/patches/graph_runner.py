"""Rasa's prediction graph evaluated by plain recursion instead of dask's scheduler.

Rasa runs its prediction graph (the NLU pipeline, then the policies) with dask's synchronous scheduler,
which orders, queues and tracks about ten tasks through thread-pool futures on every call: 9 % of a turn.
The same dask graph is evaluated here by plain recursion: every task once, each after the tasks it needs
(dask's rule for what is an argument key and what is a literal value), with Rasa's error wrapping. Results
are the same as dask's (tests/test_rasa_speedups.py runs both).

An error raised by a graph node (a component, a policy) is Rasa's own and propagates as dask would
propagate it; any other error of the evaluation sends that call to Rasa's own runner.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

from bot.ops.patches.base import Patch


class NodeFailed(Exception):
    """A graph node's own exception, carried unchanged through the evaluation."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


def _is_task(value: Any) -> bool:
    return type(value) is tuple and bool(value) and callable(value[0])  # dask's istask


def evaluate(graph: dict[str, Any], targets: list[str]) -> list[Any]:
    """What ``dask.get(graph, targets)`` returns for a graph of tasks whose arguments are keys or literals."""
    results: dict[str, Any] = {}

    def argument(value: Any) -> Any:
        try:
            is_key = value in graph
        except TypeError:  # unhashable: a literal
            return value
        return compute(value) if is_key else value

    def compute(key: str) -> Any:
        if key not in results:
            task = graph[key]
            if _is_task(task):
                arguments = [argument(a) for a in task[1:]]
                try:
                    results[key] = task[0](*arguments)
                except Exception as error:
                    raise NodeFailed(error) from error
            else:
                results[key] = task
        return results[key]

    for key in graph:  # like dask, every task of the graph runs (Rasa passes only the targets' dependencies)
        compute(key)
    return [results[target] for target in targets]


def run_graph(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    try:
        run_targets = targets if targets else self._graph_schema.target_names
        run_graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
        if inputs:
            self._add_inputs_to_graph(inputs, run_graph)
        return dict(evaluate(run_graph, run_targets))
    except NodeFailed as failed:
        node_error = failed.error
    except Exception as error:
        return PATCH.fallback(error, lambda: PATCH.rasa_code(self, inputs, targets))
    if isinstance(node_error, RuntimeError):  # as Rasa wraps what dask re-raises
        raise GraphRunError("Error running runner.") from node_error
    raise node_error


PATCH = Patch(
    "graph_runner", DaskGraphRunner, "run", run_graph, requires=["_build_dask_graph", "_add_inputs_to_graph"]
)
install, uninstall = PATCH.install, PATCH.uninstall
