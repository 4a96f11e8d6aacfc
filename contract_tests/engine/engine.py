"""The engine: every check applied to everything it can judge, by its declaration.

For each exchange, before the model moves on, the engine gathers what can be judged: the
exchange itself, each pair of answers about one registry it completes (the model's last
sighting of the registry, and this answer), each earlier read of the list it can be compared
with; every check of the matching shape whose operations and kinds of request include it
judges it, after its preconditions (a precondition that fails is "not judged", and says why).
A walk of the list is judged when it ends, or when its walker stops following it; the run's
own checks when it ends.

A failure of a check that declares `lags`, on a safe read soon after a write, may be the state
before that write: the engine then books nothing and moves nothing, and says how long to wait
before the read is sent again (`consistency`). Every verdict is booked: failed, passed, or not
judged with its reason; a failure carries the explanations ruled out before it was made.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from schemathesis.checks import CheckContext
from schemathesis.core.transport import Response
from schemathesis.engine.run import PhaseName

from api_spec.registries import DELETE, GET, ID, LIST, WRITE_ONLY
from contract_tests.engine.consistency import Episode, Window
from contract_tests.engine.findings import Findings
from contract_tests.engine.walks import Walks
from contract_tests.record.results import ResultBook
from contract_tests.record.transcript import Transcript
from contract_tests.rules.evidence import Exchange, Pages, Pair, RunSeen, WalkSeen
from contract_tests.rules.exchange import Answer, Asked, Request, check_context, phase_of
from contract_tests.rules.model import Known, Model, Prediction, Sighting
from contract_tests.rules.registry import Check, Shape
from contract_tests.rules.violations import NotJudged, Problem, Verdict, Walk
from contract_tests.wire.credentials import Team
from contract_tests.wire.delivery import Delivery
from contract_tests.wire.redaction import REDACTED, Secrets

AnyCheck = Check[Any]
# What was judged: the check, the operation it is booked on, its verdict, the exchange that
# shows it (the later one of a pair, a walk's last page), and the evidence itself.
Judged = list[tuple[AnyCheck, str, Verdict, Exchange | None, Any]]
# The reads that may be sent again to see past a lag: safe, and changing nothing to repeat.
REREADABLE = frozenset({GET.label, LIST.label})
# The headers that name a resource, and the URLs a Link header carries (RFC 8288).
NAMING = ("location", "content-location", "link")
LINK = re.compile(r"<([^>]*)>")
MAX_NAMED = 100


def _applies(check: AnyCheck, label: str, asked: Asked) -> bool:
    return label in check.operations and asked in check.asked


def verdict_of(check: AnyCheck, evidence: Any) -> Verdict:
    """What `check` says of `evidence`: not judged when a precondition fails, else its own
    verdict. (The engine's only way of asking a check.)"""
    for condition in check.requires:
        reason = condition(evidence)
        if reason is not None:
            return NotJudged(reason)
    return check(evidence)


class Engine:
    def __init__(
        self,
        book: ResultBook,
        model: Model,
        transcript: Transcript,
        secrets: Secrets,
        base_url: str,
        checks: Iterable[AnyCheck],
        window: Window,
        timeout: float,
    ) -> None:
        self.book = book
        self.model = model
        self.transcript = transcript
        self.secrets = secrets
        self.base_url = base_url
        self.window = window
        chosen = tuple(checks)
        self._shaped = {shape: [c for c in chosen if c.shape is shape] for shape in Shape}
        self.walks = Walks(model)
        self.findings = Findings(transcript, model, secrets, base_url, timeout)
        # URLs the server named in a header (Location, Content-Location, Link), with the team
        # whose answer named them: a channel of identity like an id (`named`).
        self.named: list[tuple[Team | None, str]] = []
        self._contexts: dict[tuple[str, PhaseName | None], CheckContext] = {}

    # --- an exchange ---------------------------------------------------------------------

    def predict(self, request: Request) -> Prediction:
        return self.model.predict(request)

    def exchange(
        self,
        prediction: Prediction,
        response: Response | None,
        delivery: Delivery,
        error: str = "",
    ) -> Exchange:
        """The exchange as the rules see it, entered in the transcript."""
        request = prediction.request
        status = response.status_code if response is not None else None
        step = self.transcript.record(request, status)
        answer = None
        if response is not None:
            context = self._context(request)
            answer = Answer(request, response, self.secrets, self.base_url, context)
            self._note_named(request, answer)
        return Exchange(prediction, answer, delivery, step, error)

    def _note_named(self, request: Request, answer: Answer) -> None:
        if len(self.named) >= MAX_NAMED or not answer.ok:
            return
        for header in NAMING:
            for value in answer.response.headers.get(header, []):
                urls = LINK.findall(value) if header == "link" else [value.strip()]
                self.named.extend((request.team, url) for url in urls if url)

    def _context(self, request: Request) -> CheckContext:
        """One context for schemathesis's checks per operation and phase (building one reads
        its whole configuration)."""
        key = (request.label, phase_of(request.case))
        if key not in self._contexts:
            self._contexts[key] = check_context(request.case, self.base_url)
        return self._contexts[key]

    def judge(self, exchange: Exchange, episode: Episode | None = None) -> Episode | None:
        """Judge an exchange, book the verdicts and move the model on; or, when a failure may
        be an older state, book nothing and return how to go on reading it again."""
        if self._deleted_by_retry(exchange):
            return None
        judged = self._of_exchange(exchange) + self._of_pairs(exchange)
        pages = self.walks.comparable(exchange)
        judged += self._of_pages(pages)
        team = exchange.request.team
        write = self.model.last_write(team)
        write_at = write[1] if write is not None else None
        if exchange.label in REREADABLE:
            later = self.window.stale(
                self._failures(judged), write_at, exchange.delivery.sent_at, episode
            )
            if later is not None:
                stale = [pair.before for pair in pages if self._failed_on(judged, pair)]
                for before in stale:
                    self.walks.forget(before)
                later.first = tuple(before.request for before in stale)
                return later
        answered = exchange.delivery.answered_at or time.monotonic()
        self._lagged(judged, episode, exchange.label, answered)
        self._book(judged, episode, write_at)
        if exchange.answer is not None:
            self.model.settle(exchange.prediction, exchange.answer, exchange.step)
        self.walks.record(exchange)
        walk = self.walks.follow(exchange)
        if walk is not None and not walk.driven:
            judged = self._of_walk(walk)
            doubted = self._doubted(judged)
            self._book(judged, None, write_at, rereadable=False, walk=walk, doubted=doubted)
            if not self._failures(judged):  # one that may be an older state holds nobody to it
                self.walks.accepted(walk)
        return None

    def supersede(self, exchange: Exchange, reason: str) -> None:
        """An exchange that stands for nothing by itself (a gateway's 5xx to a create, which
        the run then found or sent again): every check that applies is not judged, and why."""
        for check in self._shaped[Shape.EXCHANGE]:
            if _applies(check, exchange.label, exchange.asked):
                self.book.not_judged(check, exchange.label, reason)

    def _deleted_by_retry(self, exchange: Exchange) -> bool:
        """A delete retried after a gateway's 5xx finds its registry gone: the first attempt,
        whose answer the gateway lost, deleted it. That 404 is no finding."""
        request = exchange.request
        if request.operation is not DELETE or exchange.status != 404:
            return False
        if not exchange.delivery.transient or exchange.prediction.success is not True:
            return False
        statuses = ", ".join(str(s) for s in exchange.delivery.transient)
        self.supersede(exchange, f"a delete sent again after a gateway's {statuses} found its "
                       "registry gone: the first attempt deleted it")  # fmt: skip
        self.model.deleted_by_retry(request, exchange.step)
        return True

    def _of_exchange(self, exchange: Exchange) -> Judged:
        label, asked = exchange.label, exchange.asked
        return [
            (check, label, verdict_of(check, exchange), exchange, exchange)
            for check in self._shaped[Shape.EXCHANGE]
            if _applies(check, label, asked)
        ]

    def _of_pairs(self, exchange: Exchange) -> Judged:
        checks = [
            c for c in self._shaped[Shape.PAIR] if _applies(c, exchange.label, exchange.asked)
        ]
        if not checks:
            return []
        return [
            (check, exchange.label, verdict_of(check, pair), exchange, pair)
            for pair in self._pairs(exchange)
            for check in checks
        ]

    def _pairs(self, exchange: Exchange) -> Iterator[Pair]:
        """The pairs an answer completes: for each registry of the asking team it shows (or, to
        a get, does not find) that the model saw before, that sighting and this one."""
        prediction = exchange.prediction
        if prediction.asked is not Asked.ALLOWED or exchange.answer is None:
            return
        now = exchange.delivery.answered_at or time.monotonic()
        for known, shown in self._shown(exchange):
            if known.last is None or known.team is not exchange.request.team:
                continue
            after = None
            if shown is not None:
                after = Sighting(shown, exchange.label, exchange.step, now, exchange.request)
            yield Pair(known, known.last, after, exchange, tuple(known.safe_calls))

    def _shown(self, exchange: Exchange) -> Iterator[tuple[Known, dict[str, Any] | None]]:
        prediction = exchange.prediction
        if exchange.label == LIST.label and exchange.ok:
            for item in exchange.items:
                known = prediction.known.get(str(item.get(ID)))
                if known is not None and known.deleted is None:
                    yield known, item
            return
        known = prediction.registry
        if known is None or known.deleted is not None:
            return
        body = exchange.json
        if exchange.ok and isinstance(body, dict) and body.get(ID) == known.id:
            if exchange.label in (GET.label, DELETE.label):
                yield known, body
        elif exchange.label == GET.label and exchange.status == 404:
            yield known, None

    def _of_pages(self, pages: list[Pages]) -> Judged:
        checks = self._shaped[Shape.PAGES]
        return [
            (check, pair.after.label, verdict_of(check, pair), pair.after, pair)
            for pair in pages
            for check in checks
            if _applies(check, pair.after.label, pair.after.asked)
        ]

    @staticmethod
    def _failures(judged: Judged) -> list[tuple[AnyCheck, Problem]]:
        return [(c, v) for c, _, v, _, _ in judged if isinstance(v, Problem)]

    @staticmethod
    def _failed_on(judged: Judged, evidence: Any) -> bool:
        return any(isinstance(v, Problem) and e is evidence for _, _, v, _, e in judged)

    def _lagged(self, judged: Judged, episode: Episode | None, label: str, answered: float) -> None:
        """Book how far the server lagged, when a read sent again no longer shows what made it
        be read again."""
        if episode is None or not episode.causes:
            return
        self.book.facts.rereads[label] += episode.attempt
        failing = {(c.name, p.cause) for c, p in self._failures(judged)}
        if not failing & episode.causes:
            self.book.facts.lagged(label, answered - episode.write_at)
        for name, cause in failing & episode.causes:
            self.book.facts.outlasted[f"{name}: {cause}"] += 1

    # --- a walk --------------------------------------------------------------------------

    def judge_walk(self, walk: WalkSeen, episode: Episode | None = None) -> Episode | None:
        """Judge a walk the suite's walker made (ended, or abandoned): or, when a failure may
        be an older state, book nothing and return how to go on walking it again."""
        if not walk.pages:
            return None
        walk.throughout = self.model.alive_throughout(walk.team, walk.first, walk.last)
        judged = self._of_walk(walk)
        doubt = self._doubted(judged)
        if doubt and (episode is None or not episode.confirm):
            return Episode(frozenset(), 0.0, wait=0.0, confirm=doubt)
        if episode is not None and episode.confirm:
            episode = None  # what was asked is answered: no older state was waited out
        # The writes between its pages are part of the walk, not what it may lag behind.
        write = self.model.last_write(walk.team, before=walk.first)
        write_at = write[1] if write is not None else None
        sent_at = walk.pages[0].delivery.sent_at
        later = self.window.stale(self._failures(judged), write_at, sent_at, episode)
        if later is not None:
            return later
        answered = walk.pages[-1].delivery.answered_at or time.monotonic()
        self._lagged(judged, episode, LIST.label, answered)
        self._book(judged, episode, write_at, walk=walk)
        self.walks.accepted(walk)
        return None

    @staticmethod
    def _doubted(judged: Judged) -> tuple[str, ...]:
        """The registries failures rest on that someone else may have deleted meanwhile."""
        ids = [i for _, _, v, _, _ in judged if isinstance(v, Problem) for i in v.depends_on]
        return tuple(dict.fromkeys(ids))

    def abandon(self, walk: WalkSeen) -> WalkSeen:
        return self.walks.abandon(walk)

    def _of_walk(self, walk: WalkSeen) -> Judged:
        last = walk.pages[-1]
        return [
            (check, LIST.label, verdict_of(check, walk), last, walk)
            for check in self._shaped[Shape.WALK]
            if _applies(check, LIST.label, last.asked)
        ]

    def walk_replay(self, walk: WalkSeen) -> Walk:
        """A walk like this one to replay, over registries like the run's own."""
        bodies = []
        for known in walk.throughout.values():
            if known.owned:
                members = {name: expected.value for name, expected in known.members.items()}
                bodies.append({**members, **dict.fromkeys(WRITE_ONLY, REDACTED)})
        deleted = [
            known
            for known in self.model.registries.values()
            if known.team is walk.team
            and known.deleted is not None
            and walk.first < known.deleted < walk.last
        ]
        between = "delete" if deleted else "create" if walk.wrote_during else ""
        return Walk(tuple(bodies), dict(walk.query), between)

    # --- the run -------------------------------------------------------------------------

    def end(self, seen: RunSeen, labels: Iterable[str]) -> None:
        """Judge the run's own checks, on the operations `labels` name (those throttling
        touched, or every operation)."""
        shown = tuple(labels)
        for check in self._shaped[Shape.RUN]:
            verdict = verdict_of(check, seen)
            for label in shown or check.operations:
                self._book([(check, label, verdict, None, seen)], None, None)

    # --- booking -------------------------------------------------------------------------

    def _book(
        self,
        judged: Judged,
        episode: Episode | None,
        write_at: float | None,
        *,
        rereadable: bool = True,
        walk: WalkSeen | None = None,
        doubted: tuple[str, ...] = (),
    ) -> None:
        for check, label, verdict, exchange, evidence in judged:
            if isinstance(verdict, Problem) and doubted and set(verdict.depends_on) & set(doubted):
                self.book.not_judged(
                    check,
                    label,
                    "it rests on registries someone else may have "
                    "deleted, and was not made by the suite, which could ask",
                )
                continue  # fmt: skip
            if isinstance(verdict, Problem):
                sent_at = exchange.delivery.sent_at if exchange is not None else 0.0
                if check.lags and not rereadable and self.window.explains(write_at, sent_at):
                    self.book.not_judged(
                        check,
                        label,
                        "it may show an older state, and was "
                        "not made by the suite, which could read it again",
                    )
                    continue  # fmt: skip
                ruled = self._ruled_out(check, exchange, episode, write_at)
                replay = self.walk_replay(walk) if walk is not None else None
                last = evidence.came_back if isinstance(evidence, RunSeen) else ""
                finding = self.findings.make(
                    check, label, verdict, exchange, replay=replay, ruled_out=ruled, last=last
                )
                self.book.failed(finding)
            elif isinstance(verdict, NotJudged):
                self.book.not_judged(check, label, verdict.reason)
            else:
                self.book.passed(check, label)

    def _ruled_out(
        self,
        check: AnyCheck,
        exchange: Exchange | None,
        episode: Episode | None,
        write_at: float | None,
    ) -> tuple[str, ...]:
        """The explanations the engine ruled out before this failure stood."""
        ruled = []
        if check.lags and episode is not None:
            ruled.append(episode.ruled_out(self.window.seconds))
        elif check.lags and exchange is not None:
            if not self.window.explains(write_at, exchange.delivery.sent_at):
                ruled.append(
                    f"an older state: the team wrote nothing in the {self.window.seconds:g} s "
                    "before the read"
                )
            else:
                ruled.append("an older state: the difference outlasted the consistency window "
                             "once already")  # fmt: skip
        if exchange is not None and exchange.delivery.transient:
            statuses = ", ".join(str(s) for s in exchange.delivery.transient)
            ruled.append(f"a gateway's passing answer: {statuses} came first and were retried")
        return tuple(ruled)
