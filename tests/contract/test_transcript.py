"""The transcript stays bounded without its indices moving: a step kept by a registry's record
names that step or nothing, so a replay never names a registry of another story."""

from __future__ import annotations

from api_spec.registries import CREATE, GET
from contract_tests.record.observer import Observer
from contract_tests.record.results import ResultBook
from contract_tests.record.transcript import Transcript
from contract_tests.rules.exchange import Request
from contract_tests.rules.model import Known, Model
from contract_tests.rules.registry import CHECKS
from contract_tests.rules.state import create_persists
from contract_tests.rules.violations import Problem, Single, Story
from contract_tests.suite.schema import case
from contract_tests.wire.credentials import Team, valid
from contract_tests.wire.redaction import Secrets

FIRST = valid("transcript-token", Team.FIRST)
CAP = 4


def get(registry_id: str) -> Request:
    return Request(case(GET, registry_id=registry_id), FIRST)


def test_a_steps_index_never_changes_once_the_oldest_are_forgotten() -> None:
    transcript = Transcript(Secrets(), cap=CAP)
    indices = [transcript.record(get(f"r{i}"), 200) for i in range(10)]
    assert indices == list(range(10))
    assert [transcript.get(i) for i in range(10 - CAP)] == [None] * (10 - CAP)
    kept = [transcript.get(i) for i in range(10 - CAP, 10)]
    assert [step.registry if step else None for step in kept] == ["r6", "r7", "r8", "r9"]


def test_a_replay_tells_its_own_registrys_story_or_none() -> None:
    secrets, model = Secrets(), Model()
    transcript = Transcript(secrets, cap=CAP)
    checks = tuple(CHECKS)
    observer = Observer(ResultBook(1, "http://x/v1", True), model, transcript, secrets, "", checks)
    created = transcript.record(Request(case(CREATE, body={"name": "mine"}), FIRST), 200)
    model.registries["mine"] = Known("mine", Team.FIRST, owned=True, steps=[created])
    for other in range(CAP + 2):  # other registries' steps push the create out
        transcript.record(get(f"other-{other}"), 200)
    failing = transcript.record(get("mine"), 200)
    model.registries["mine"].steps.append(failing)
    problem = Problem("c", "r", "", "mine")
    # Its create is forgotten: no story, rather than one that starts from another's step; at
    # most the failing read itself.
    replay = observer.finding(create_persists, GET.label, problem, None, failing).replay
    assert replay is None or (isinstance(replay, Single) and replay.step.registry == "mine")
    fresh = transcript.record(Request(case(CREATE, body={"name": "new"}), FIRST), 200)
    model.registries["new"] = Known("new", Team.FIRST, owned=True, steps=[fresh])
    last = transcript.record(get("new"), 200)
    story = observer.finding(
        create_persists, GET.label, problem._replace(registry="new"), None, last
    )
    assert isinstance(story.replay, Story)
    assert [(s.method, s.registry) for s in story.replay.steps] == [("POST", None), ("GET", "new")]
