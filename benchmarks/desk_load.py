"""A bounded load on the desk (``editplan serve``) over loopback, and the checks after it.

``prepare(root, clients)`` adds to an example workspace one patch file per client (each
rewording its own element, so that agreeing never collides) and commits them. ``run(url,
clients, seconds)`` starts that many clients, each a browser-like session that for a fixed
time reads pages (the plan, an element, the round) and decides proposals of its own set from
the round page's forms; two clients share one set, so that some of their decisions race and
one of each racing pair is refused as stale (a right answer, not an error). ``check(root,
outcome)`` then proves that no decision the server acknowledged was lost (each proposal's
status in its file is the last decision acknowledged for it), that every acknowledged
decision is exactly one commit changing one patch file, that git's store is sound and the
work tree clean. Requests go only to the given loopback URL, and every loop ends by itself.
"""

from __future__ import annotations

import random
import re
import statistics
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import requests

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM = re.compile(r'<form method="post" action="/round/decide"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
ELEMENTS = ("a1.ka1", "a2.ka2", "a5.ka1", "b2.act1", "a6-8.act3")
# Activities of the example plan, one a set: agreeing one never collides with another.
ACTIVITIES = {1: "i ii iii iv v", 2: "i ii iii iv", 3: "i ii iii iv", 4: "i ii iii iv",
              5: "i ii iii iv"}  # fmt: skip
TARGETS = [f"Goal A.{g}, activity ({r})" for g, rs in ACTIVITIES.items() for r in rs.split()]


@dataclass
class Outcome:
    """What the clients saw: latencies per kind of request, answers, decisions."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    refused: int = 0
    acknowledged: list[tuple[float, str, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def percentiles(self) -> dict[str, dict[str, float]]:
        out = {}
        for kind, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            def pick(q: float, o: list[float] = ordered) -> float:
                return o[min(len(o) - 1, int(q * len(o)))]

            out[kind] = {
                "n": len(ordered), "p50": pick(0.5), "p90": pick(0.9), "p99": pick(0.99),
                "max": ordered[-1], "mean": statistics.fmean(ordered),
            }  # fmt: skip
        return out


def prepare(root: Path, clients: int) -> None:
    """One patch file per client (the first two clients share one), committed."""
    sets = max(1, clients - 1)
    assert sets <= len(TARGETS), f"at most {len(TARGETS) + 1} clients"
    for n in range(sets):
        amendments = (
            f"  - id: '1'\n    target: {TARGETS[n]}\n    op: rephrase\n"
            f"    text: Wording proposed by body {n}\n"
        )
        (root / f"amendments/body{n}.yaml").write_text(
            f"id: body{n}\ntitle: Body {n}\nauthor: Body {n}\ndate: 2020-05-01\n"
            f"source: {{document: B/{n}}}\nplan: ../plans/cb-action-plan.yaml\n"
            f"base: CBD/CP/LG/2020/1/3\namendments:\n{amendments}",
            encoding="utf-8",
        )
    subprocess.run(["git", "add", "amendments"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=Load", "-c", "user.email=load@localhost", "commit",
                    "-qm", "Sets for the load test"], cwd=root, check=True)  # fmt: skip


def run(url: str, clients: int, seconds: float, seed: int = 7) -> Outcome:
    """``clients`` sessions reading and deciding for ``seconds`` each; then the outcome."""
    outcome = Outcome()
    start = threading.Barrier(clients)
    threads = [
        threading.Thread(target=_client, args=(url.rstrip("/"), n, seconds, seed, outcome, start))
        for n in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 300)
    return outcome


def _client(
    url: str, n: int, seconds: float, seed: int, outcome: Outcome, start: threading.Barrier
) -> None:
    rng = random.Random(seed * 1000 + n)
    session = requests.Session()
    mine = f"body{max(0, n - 1)}"  # clients 0 and 1 share body0
    start.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        kind = rng.choice(["plan", "element", "round", "decide", "decide"])
        try:
            if kind == "plan":
                _timed(outcome, "GET /plan", lambda: session.get(f"{url}/plan", timeout=120))
            elif kind == "element":
                element = rng.choice(ELEMENTS)
                _timed(outcome, "GET /element", lambda e=element: session.get(
                    f"{url}/element/{e}", timeout=120))  # fmt: skip
            else:
                page = _timed(
                    outcome, "GET /round", lambda: session.get(f"{url}/round", timeout=120)
                )
                if kind == "decide":
                    _decide(url, session, page.text, mine, rng, outcome)
        except requests.RequestException as exc:
            with outcome.lock:
                outcome.errors.append(f"client {n}: {kind}: {exc}")


def _timed(outcome: Outcome, kind: str, call: object) -> requests.Response:
    began = time.perf_counter()
    answer = call()  # type: ignore[operator]
    took = time.perf_counter() - began
    with outcome.lock:
        outcome.latencies[kind].append(took)
        if answer.status_code != 200:
            outcome.errors.append(f"{kind}: {answer.status_code} {answer.text[-300:]}")
    return answer  # type: ignore[no-any-return]


def _decide(
    url: str, session: requests.Session, page: str, mine: str, rng: random.Random,
    outcome: Outcome,
) -> None:  # fmt: skip
    forms = []
    for body in FORM.findall(page):
        fields = {k: unescape(v) for k, v in HIDDEN.findall(body)}
        if fields.get("set") == f"amendments/{mine}.yaml" and "text" not in body:
            forms.append(fields)
    if not forms:
        return
    fields = rng.choice(forms)
    began = time.perf_counter()
    answer = session.post(url + "/round/decide", data=fields, timeout=120, allow_redirects=False)
    took = time.perf_counter() - began
    with outcome.lock:
        outcome.latencies["POST /round/decide"].append(took)
        if answer.status_code == 302:
            key = f"{fields['set']} {fields['amendment']}"
            outcome.acknowledged.append((time.monotonic(), key, fields["status"], fields["token"]))
        elif answer.status_code == 409 and "changed since this page was made" in answer.text:
            outcome.refused += 1
        else:
            outcome.errors.append(f"decide: {answer.status_code} {answer.text[-300:]}")


def check(root: Path, outcome: Outcome, commits_before: int) -> dict[str, int]:
    """Every acknowledged decision is in the files and in exactly one whole commit."""
    from editplan import api

    last: dict[str, str] = {}
    for _, key, status, _ in sorted(outcome.acknowledged):
        last[key] = status
    for key, status in last.items():
        set_rel, amendment = key.rsplit(" ", 1)
        found = {a.id: a.status for a in api.load_set(root / set_rel).amendments}
        assert found[amendment] == status, (key, found[amendment], status)
    made = int(_git(root, "rev-list", "--count", "HEAD")) - commits_before
    assert made == len(outcome.acknowledged), (made, len(outcome.acknowledged))
    for sha in _git(root, "rev-list", f"HEAD~{made}..HEAD").split():
        changed = _git(root, "diff-tree", "--no-commit-id", "--name-only", "-r", sha).split()
        message = _git(root, "log", "-1", "--format=%B", sha)
        assert len(changed) == 1 and changed[0].startswith("amendments/body"), (sha, changed)
        assert "Editplan-Decision:" in message, sha
    fsck = subprocess.run(
        ["git", "fsck", "--no-dangling"], cwd=root, capture_output=True, text=True
    )
    assert fsck.returncode == 0, fsck.stderr
    assert _git(root, "status", "--porcelain").strip() == "", _git(root, "status", "--porcelain")
    return {"decisions": len(outcome.acknowledged), "refused": outcome.refused, "commits": made}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout
