"""Closed doors for every start of Rasa: where it listens, who may use its HTTP API, how much it reads.

:mod:`bot.ops.rasa_main` (the entry point of every ``rasa run`` we start: scripts/run.sh, the deployment,
the test harnesses, the benchmarks) passes Rasa's command line through :func:`harden` first:

* **Bind address.** Without ``-i/--interface``, Rasa listens on ``RASA_INTERFACE`` (default ``127.0.0.1``)
  instead of Rasa's own default ``0.0.0.0``: a public bind happens only when it is configured
  (``RASA_INTERFACE=0.0.0.0``, or ``-i``; the Kubernetes manifests bind the pod address). The action server
  (``rasa run actions``, or ``python -m rasa_sdk`` started by our scripts) reads ``SANIC_HOST``: it is set to
  ``127.0.0.1`` here when unset, and by scripts/run.sh and the deployment for ``python -m rasa_sdk``. The
  action server has no authentication of its own, so it is reached only from the Rasa instances.
* **The HTTP API behind a token.** With ``--enable-api`` and neither ``--auth-token`` nor ``--jwt-secret``,
  the token is ``RASA_AUTH_TOKEN`` from the environment; when that is unset a random token is generated for
  this run (so the API is closed to everybody; set ``RASA_AUTH_TOKEN`` to use it). The token is added to
  the arguments inside the process, so it never shows in ``ps``, and it is never logged or printed in full.
  Requests give it as ``?token=…``.
* **Request size.** Sanic reads a request body up to ``REQUEST_MAX_SIZE`` before any handler runs (100 MB
  by default); ``SANIC_REQUEST_MAX_SIZE`` is set to :data:`REQUEST_MAX_BYTES` (64 KiB, the REST channel's
  and the WeChat channels' own limit) unless the environment sets it, so a larger body is refused with
  413 before it is read.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import MutableMapping

logger = logging.getLogger(__name__)

DEFAULT_INTERFACE = "127.0.0.1"
INTERFACE_ENV = "RASA_INTERFACE"
TOKEN_ENV = "RASA_AUTH_TOKEN"
REQUEST_MAX_BYTES = 64 * 1024  # bot.channels.rest.MAX_BODY_BYTES, WeChatConfig.max_body_bytes
REQUEST_MAX_SIZE_ENV = "SANIC_REQUEST_MAX_SIZE"
ACTION_HOST_ENV = "SANIC_HOST"


def _given(args: list[str], *flags: str) -> bool:
    """Whether one of ``flags`` is on the command line (``--flag value`` or ``--flag=value``)."""
    return any(arg in flags or arg.split("=", 1)[0] in flags for arg in args)


def token_hint(token: str) -> str:
    """How a token may be shown: its first four characters."""
    return f"{token[:4]}…" if len(token) > 8 else "…"


def harden(argv: list[str], env: MutableMapping[str, str]) -> list[str]:
    """Rasa's arguments (without the program name) with the defaults above; ``env`` gets the Sanic limit
    (and ``SANIC_HOST`` for ``rasa run actions``) when it does not set them."""
    env.setdefault(REQUEST_MAX_SIZE_ENV, str(REQUEST_MAX_BYTES))
    if not argv or argv[0] != "run":
        return list(argv)
    if len(argv) > 1 and argv[1] == "actions":
        env.setdefault(ACTION_HOST_ENV, DEFAULT_INTERFACE)
        return list(argv)
    args = list(argv)
    if not _given(args, "-i", "--interface"):
        args += ["--interface", env.get(INTERFACE_ENV) or DEFAULT_INTERFACE]
    if "--enable-api" in args and not _given(args, "-t", "--auth-token", "--jwt-secret"):
        token = env.get(TOKEN_ENV, "").strip()
        if token:
            logger.info("HTTP API: token from %s (%s)", TOKEN_ENV, token_hint(token))
        else:
            token = secrets.token_urlsafe(32)
            logger.warning("HTTP API: %s is not set; closed with a random token for this run", TOKEN_ENV)
        # one argument, ``--auth-token=…``: a token may begin with "-" (secrets.token_urlsafe does, one time
        # in 64), which argparse would take for an option if it stood on its own
        args += [f"--auth-token={token}"]
    return args
