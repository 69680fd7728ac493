#!/usr/bin/env bash
# Start the assistant: build the policy store, train the model if stale, start the action server (5055)
# and Rasa (5005) with our Rasa patches (bot.ops.rasa_main; BOT_RASA_PATCHES=off for Rasa's own code).
# Ctrl-C stops both. Called by `make run` after the environment is set up.
#
# Closed doors (docs/security.md): both listen on 127.0.0.1 unless RASA_INTERFACE / SANIC_HOST say
# otherwise (e.g. RASA_INTERFACE=0.0.0.0 make run); Rasa's HTTP API needs ?token=… : RASA_AUTH_TOKEN from
# the environment, else a random one per run, kept in var/rasa-auth-token (mode 600) and never printed
# in full. The action server has no authentication: bind it publicly only inside a private network.
# ENDPOINTS, LOG_DIR and TOKEN_FILE choose another endpoints file, log directory and token file (the tests
# use them).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export TF_CPP_MIN_LOG_LEVEL=2 PYTHONHASHSEED=0 RASA_TELEMETRY_ENABLED=false
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-1}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
ENDPOINTS=${ENDPOINTS:-endpoints.yml}
LOG_DIR=${LOG_DIR:-var/log}
TOKEN_FILE=${TOKEN_FILE:-var/rasa-auth-token}
export RASA_INTERFACE=${RASA_INTERFACE:-127.0.0.1} SANIC_HOST=${SANIC_HOST:-127.0.0.1}

$PY -m bot.policy build
MODEL=$($PY scripts/model.py)
mkdir -p "$LOG_DIR" var

TOKEN_NOTE="from RASA_AUTH_TOKEN"
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
    RASA_AUTH_TOKEN=$($PY -c 'import secrets; print(secrets.token_urlsafe(32))')
    (umask 077 && rm -f "$TOKEN_FILE" && printf '%s\n' "$RASA_AUTH_TOKEN" > "$TOKEN_FILE")
    TOKEN_NOTE="generated for this run, in $TOKEN_FILE"
fi
export RASA_AUTH_TOKEN  # bot.ops.rasa_main adds it to Rasa's arguments inside the process (not in ps)

$PY -m rasa_sdk --actions actions --port "$ACTION_PORT" > "$LOG_DIR/actions.log" 2>&1 &
ACTIONS=$!
$PY -m bot.ops.rasa_main run --model "$MODEL" --enable-api --port "$RASA_PORT" --endpoints "$ENDPOINTS" \
    --credentials credentials.yml > "$LOG_DIR/rasa.log" 2>&1 &
RASA=$!

stop() {
    trap - INT TERM EXIT
    echo; echo "stopping… (pending WeChat answers are sent first, for up to ${BOT_DRAIN_SECONDS:-8} s)"
    kill "$RASA" 2>/dev/null || true
    wait "$RASA" 2>/dev/null || true  # Rasa first: its pending answers still need the action server
    kill "$ACTIONS" 2>/dev/null || true
    wait "$ACTIONS" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM  # Ctrl-C: a clean stop
trap stop EXIT                # a process failed: stop the other, keep the exit code

RASA_HOST=$RASA_INTERFACE; [ "$RASA_HOST" = 0.0.0.0 ] && RASA_HOST=127.0.0.1
ACTION_HOST=$SANIC_HOST; [ "$ACTION_HOST" = 0.0.0.0 ] && ACTION_HOST=127.0.0.1
echo "starting (logs in $LOG_DIR/)…"
for _ in $(seq 1 120); do
    # readiness: model loaded, tracker store, lock store and action server answering (no token needed)
    if curl -sf "http://$RASA_HOST:$RASA_PORT/webhooks/health/ready" >/dev/null 2>&1 && curl -sf "http://$ACTION_HOST:$ACTION_PORT/health" >/dev/null 2>&1; then
        cat <<EOT

社保小助手 is running (model $MODEL).
  Web chat:        http://$RASA_HOST:$RASA_PORT/webhooks/web/
  REST webhook:    POST http://$RASA_HOST:$RASA_PORT/webhooks/rest/webhook   {"sender": "me", "message": "长春缴费基数上限"}
  Rasa HTTP API:   http://$RASA_HOST:$RASA_PORT/status?token=${RASA_AUTH_TOKEN:0:4}…  (token $TOKEN_NOTE)
  Action server:   http://$ACTION_HOST:$ACTION_PORT/health
  Listening on:    Rasa $RASA_INTERFACE:$RASA_PORT, action server $SANIC_HOST:$ACTION_PORT
Try:  curl -s $RASA_HOST:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"长春月薪8000每月社保交多少"}'
Press Ctrl-C to stop.
EOT
        wait -n "$RASA" "$ACTIONS" || true
        echo "a process exited; see $LOG_DIR/"
        exit 1
    fi
    if ! kill -0 "$RASA" 2>/dev/null || ! kill -0 "$ACTIONS" 2>/dev/null; then
        echo "failed to start; see $LOG_DIR/rasa.log and $LOG_DIR/actions.log"; exit 1
    fi
    sleep 1
done
echo "timed out waiting for the servers; see $LOG_DIR/"; exit 1
