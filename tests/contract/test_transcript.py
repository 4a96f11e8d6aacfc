"""The transcript stays bounded without its indices moving: a step kept by a registry's record
names that step or nothing, so a replay never names a registry of another story."""

from __future__ import annotations

from api_spec.registries import CREATE, GET
from contract_tests.engine.findings import Findings
from contract_tests.engine.schema import case
from contract_tests.record.transcript import Transcript
from contract_tests.rules.evidence import Exchange
from contract_tests.rules.exchange import Request
from contract_tests.rules.model import Known, Model
from contract_tests.rules.state import create_persists
from contract_tests.rules.violations import Problem, Single, Story
from contract_tests.wire.credentials import Team, valid
from contract_tests.wire.delivery import Delivery
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
    findings = Findings(transcript, model, secrets, "", 10.0)

    def at(step: int, registry: str) -> Exchange:
        request = get(registry)
        return Exchange(model.predict(request), None, Delivery(), step)

    created = transcript.record(Request(case(CREATE, body={"name": "mine"}), FIRST), 200)
    model.registries["mine"] = Known("mine", Team.FIRST, owned=True, steps=[created])
    for other in range(CAP + 2):  # other registries' steps push the create out
        transcript.record(get(f"other-{other}"), 200)
    failing = transcript.record(get("mine"), 200)
    model.registries["mine"].steps.append(failing)
    problem = Problem("c", "r", "", "mine")
    # Its create is forgotten: no story, rather than one that starts from another's step; at
    # most the failing read itself.
    replay = findings.make(create_persists, GET.label, problem, at(failing, "mine")).replay
    assert replay is None or (isinstance(replay, Single) and replay.step.registry == "mine")
    fresh = transcript.record(Request(case(CREATE, body={"name": "new"}), FIRST), 200)
    model.registries["new"] = Known("new", Team.FIRST, owned=True, steps=[fresh])
    last = transcript.record(get("new"), 200)
    story = findings.make(
        create_persists, GET.label, problem._replace(registry="new"), at(last, "new")
    )
    assert isinstance(story.replay, Story)
    assert [(s.method, s.registry) for s in story.replay.steps] == [("POST", None), ("GET", "new")]
