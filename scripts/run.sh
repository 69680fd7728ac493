#!/usr/bin/env bash
# Start the assistant: build the policy store, train the model if stale, start the action server (5055)
# and Rasa (5005) with our Rasa patches (bot.ops.rasa_main; BOT_RASA_PATCHES=off for Rasa's own code).
# Ctrl-C stops both. Called by `make run` after the environment is set up.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export TF_CPP_MIN_LOG_LEVEL=2 PYTHONHASHSEED=0 RASA_TELEMETRY_ENABLED=false
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-1}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}

$PY -m bot.policy build
MODEL=$($PY scripts/model.py)
mkdir -p var/log

$PY -m rasa_sdk --actions actions --port "$ACTION_PORT" > var/log/actions.log 2>&1 &
ACTIONS=$!
$PY -m bot.ops.rasa_main run --model "$MODEL" --enable-api --port "$RASA_PORT" --endpoints endpoints.yml \
    --credentials credentials.yml > var/log/rasa.log 2>&1 &
RASA=$!

stop() {
    trap - INT TERM EXIT
    echo; echo "stopping…"
    kill "$RASA" "$ACTIONS" 2>/dev/null || true
    wait "$RASA" "$ACTIONS" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM  # Ctrl-C: a clean stop
trap stop EXIT                # a process failed: stop the other, keep the exit code

echo "starting (logs in var/log/)…"
for _ in $(seq 1 120); do
    if curl -sf "http://localhost:$RASA_PORT/status" >/dev/null 2>&1 && curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null 2>&1; then
        cat <<EOT

社保小助手 is running (model $MODEL).
  Web chat:        http://localhost:$RASA_PORT/webhooks/web/
  REST webhook:    POST http://localhost:$RASA_PORT/webhooks/rest/webhook   {"sender": "me", "message": "长春缴费基数上限"}
  Rasa HTTP API:   http://localhost:$RASA_PORT/status
  Action server:   http://localhost:$ACTION_PORT/health
Try:  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"长春月薪8000每月社保交多少"}'
Press Ctrl-C to stop.
EOT
        wait -n "$RASA" "$ACTIONS" || true
        echo "a process exited; see var/log/"
        exit 1
    fi
    if ! kill -0 "$RASA" 2>/dev/null || ! kill -0 "$ACTIONS" 2>/dev/null; then
        echo "failed to start; see var/log/rasa.log and var/log/actions.log"; exit 1
    fi
    sleep 1
done
echo "timed out waiting for the servers; see var/log/"; exit 1
