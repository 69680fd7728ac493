"""Train the Rasa model when it is missing or stale; print its path.

The model is keyed by a hash of everything training reads (config, domain, training data, jieba
dictionary, lexicon, the code of the custom NLU components and the training environment):
models/model-<hash>.tar.gz. Tests and
`make run` share it, so it is trained once per change, not once per run.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [
    "config.yml",
    "domain.yml",
    "data/nlu",
    "data/rules",
    "data/jieba",
    "data/lexicon",
    "data/places",
    "data/policy/regions.yml",
    "data/policy/directory",
    "bot/nlu",
    "bot/text",
]
TRAINING_DATA = ["data/nlu", "data/rules"]
# How a model is trained: TensorFlow's ops deterministic and one thread each way, so that two trainings on the
# same inputs give the same model (on two threads the order of floating-point sums varied, and a handful of
# borderline messages changed intent between trainings); and without Rasa's training cache, which restored a
# tokenizer whose vocabulary differed from a clean training's in a few words (a model trained in a long-lived
# checkout differed from a fresh clone's). Part of the fingerprint: a change retrains. The cross-validation
# (scripts/crossval.py) trains the same way.
TRAINING_ENV = {
    "PYTHONHASHSEED": "0",
    "RASA_MAX_CACHE_SIZE": "0",
    "TF_DETERMINISTIC_OPS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
}


def fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(repr(sorted(TRAINING_ENV.items())).encode())
    for name in INPUTS:
        path = ROOT / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return ROOT / "models" / f"model-{fingerprint()}.tar.gz"


def train(path: Path) -> None:
    path.parent.mkdir(exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        *TRAINING_DATA,
        "--out",
        str(path.parent),
        "--fixed-model-name",
        path.name.removesuffix(".tar.gz"),
    ]
    env = dict(os.environ, **TRAINING_ENV, TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false")
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    for old in path.parent.glob("model-*.tar.gz"):
        if old != path:
            old.unlink()


def main() -> int:
    path = model_path()
    path.parent.mkdir(exist_ok=True)
    with open(
        path.parent / ".train.lock", "w"
    ) as lock:  # one training at a time (tests and `make run` share it)
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            print(f"training {path.relative_to(ROOT)} (inputs changed or no model yet)", file=sys.stderr)
            train(path)
    print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
