"""A small hand-made ledger: the fixture of the present stage's tests, screenshots and bench.

The extractors and the linker are not needed to exercise exports, the report or the
desk: `fill_sample(ledger)` writes a handful of documents with entities, quotes,
figures, dates, claims and findings straight through the Ledger API, every span cut
from its document's text so offsets are exact.  One document is hostile on purpose
(script tags, an onerror handler, a javascript: link) so that every view is tested
against markup in document text.

`fill_synthetic(ledger, claims=N)` writes a large, generated ledger quickly (bulk
inserts, no spans checked beyond arithmetic) for page-speed measurements.
"""

from __future__ import annotations

import random
from pathlib import Path

from redline.schema import (
    Attribution,
    Claim,
    DateMention,
    Document,
    Entity,
    FileRecord,
    Finding,
    Mention,
    Quantity,
    SpanRef,
    StageRun,
    stable_id,
)
from redline.store.base import Ledger

MINISTRY = (
    "Ministry of Defence — Statement on border operations\n\n"
    "Defence Minister Anna Berg said on 3 March 2023 that 97 troops had been deployed to the northern "
    "border and that \"no soldier has been killed in the operation\".\n\n"
    "The ministry will publish a further update next week.\n\n"
    "Press office · Ministry of Defence · All rights reserved"
)
DAILY = (
    "Border losses mount as officials dispute toll\n\n"
    "More than 35,000 soldiers were killed in action by 1 March 2023, according to officials cited by "
    "Reuters, a figure far above anything the ministry has acknowledged.\n\n"
    "Anna Berg, the defence minister, insisted that losses were \"minimal\". The Northern Command "
    "said between 180 and 220 troops were deployed to the border.\n\n"
    "Subscribe to the Daily Ledger for more."
)
MEMO = (
    "INTERNAL — NOT FOR DISTRIBUTION\n\n"
    "Northern Command situation report, 2 March 2023.\n\n"
    "Losses to date: 41,200 killed in action. Up to 200,000 killed and wounded since the start of the "
    "campaign. Deployed strength at the border: 210 troops.\n\n"
    "Distribution: Minister's office only."
)
OPINION = (
    "The truth about the toll\n\n"
    "The ministry says no soldier has died. Nobody who has read the memo believes it: the dead number "
    "in the tens of thousands, perhaps 50,000 killed.\n\n"
    "The author is a former officer."
)
HOSTILE = (
    "Forum post <script>alert('xss-title')</script>\n\n"
    "A user wrote: <script>alert('xss')</script> and <img src=x onerror=\"alert('onerror')\"> and "
    "<a href=\"javascript:alert('js-link')\">click me</a>. Officials said 12 soldiers were killed.\n\n"
    "Reply <b onmouseover=\"alert('hover')\">here</b>."
)


def _cut(text: str, phrase: str, after: int = 0) -> SpanRef:
    start = text.index(phrase, after)
    return SpanRef(phrase, start, start + len(phrase))


def _document(doc_id: str, path: str, text: str, **meta) -> Document:
    last_paragraph = text.rindex("\n\n") + 2
    return Document(id=doc_id, path=path, text=text, boilerplate=[[last_paragraph, len(text)]],
                    reader="text", media_type="text/plain", size=len(text.encode()), **meta)


def fill_sample(ledger: Ledger, files_dir: Path | None = None) -> dict[str, str]:
    """Write the sample corpus; returns useful ids by name (for tests).

    With `files_dir`, the documents' original files are also written there so that the
    desk can serve them.
    """
    base = Path(files_dir) if files_dir else Path("/nonexistent-redline-sample")
    docs = {
        "ministry": _document("d-ministry", str(base / "ministry.txt"), MINISTRY, title="Statement on border operations",
                              outlet="Ministry of Defence", author="Press office", published="2023-03-03",
                              kind="official_statement"),
        "daily": _document("d-daily", str(base / "daily.txt"), DAILY, title="Border losses mount as officials dispute toll",
                           url="https://daily-ledger.example/border-losses",
                           outlet="Daily Ledger", author="J. Smith", published="2023-03-04", kind="news_report"),
        "memo": _document("d-memo", str(base / "memo.txt"), MEMO, title="Northern Command situation report",
                          outlet=None, author=None, published="2023-03-02", kind="leaked_document"),
        "opinion": _document("d-opinion", str(base / "opinion.txt"), OPINION, title="The truth about the toll",
                             outlet="Weekly Review", author="K. Osei", published="2023-03-06", kind="opinion"),
        "hostile": _document("d-hostile", str(base / "hostile.html"), HOSTILE,
                             title="Forum post <script>alert('xss-title')</script>",
                             outlet="<img src=x onerror=alert('outlet')>", author=None, published="2023-03-05",
                             url="javascript:alert('url')",
                             kind="other"),
    }
    if files_dir:
        base.mkdir(parents=True, exist_ok=True)
        for d in docs.values():
            Path(d.path).write_text(d.text, encoding="utf-8")

    berg = Entity(id="e-berg", name="Anna Berg", type="person", aliases=["Defence Minister Anna Berg", "Berg"])
    ministry = Entity(id="e-ministry", name="Ministry of Defence", type="organization", aliases=["the ministry"])
    command = Entity(id="e-command", name="Northern Command", type="organization", aliases=[])
    reuters = Entity(id="e-reuters", name="Reuters", type="organization", aliases=[])
    hostile_entity = Entity(id="e-hostile", name="<script>alert('entity')</script>", type="other", aliases=None)

    m, d, o, h, mm = (docs[k].text for k in ("ministry", "daily", "opinion", "hostile", "memo"))
    records: list = list(docs.values()) + [berg, ministry, command, reuters, hostile_entity]

    def mention(doc: str, text: str, phrase: str, entity: Entity, after: int = 0) -> Mention:
        s = _cut(text, phrase, after)
        return Mention(id=stable_id(doc, "mention", s.start), document_id=docs[doc].id, entity_id=entity.id,
                       text=s.text, start=s.start, end=s.end, type=entity.type)

    records += [
        mention("ministry", m, "Ministry of Defence", ministry),
        mention("ministry", m, "Anna Berg", berg),
        mention("daily", d, "Reuters", reuters),
        mention("daily", d, "Anna Berg", berg),
        mention("daily", d, "Northern Command", command),
        mention("memo", mm, "Northern Command", command),
        mention("hostile", h, "<script>alert('xss')</script>", hostile_entity),
    ]

    # Attributions: who said what; the Daily's officials are relayed by Reuters.
    a_berg = Attribution(id="a-berg", document_id="d-ministry", source=_cut(m, "Defence Minister Anna Berg"),
                         source_entity_id=berg.id, cue=_cut(m, "said"),
                         content=_cut(m, "97 troops had been deployed to the northern border and that \"no soldier "
                                         "has been killed in the operation\""),
                         kind="mixed", stance="asserts", date="2023-03-03")
    a_reuters = Attribution(id="a-reuters", document_id="d-daily", source=_cut(d, "Reuters"),
                            source_entity_id=reuters.id, cue=_cut(d, "cited by"), content=None,
                            kind="indirect", stance="asserts", date="2023-03-04")
    a_officials = Attribution(id="a-officials", document_id="d-daily", source=_cut(d, "officials", d.index("according to")),
                              cue=_cut(d, "according to"),
                              content=_cut(d, "More than 35,000 soldiers were killed in action by 1 March 2023"),
                              kind="indirect", stance="asserts", parent_id="a-reuters", date="2023-03-04")
    a_berg_daily = Attribution(id="a-berg-daily", document_id="d-daily", source=_cut(d, "Anna Berg, the defence minister"),
                               source_entity_id=berg.id, cue=_cut(d, "insisted"),
                               content=_cut(d, "losses were \"minimal\""), kind="mixed", stance="denies",
                               date="2023-03-04")
    a_command = Attribution(id="a-command", document_id="d-daily", source=_cut(d, "The Northern Command"),
                            source_entity_id=command.id, cue=_cut(d, "said", d.index("Northern Command")),
                            content=_cut(d, "between 180 and 220 troops were deployed to the border"),
                            kind="indirect", stance="asserts", date="2023-03-04")
    a_hostile = Attribution(id="a-hostile", document_id="d-hostile", source=_cut(h, "A user"),
                            cue=_cut(h, "wrote"), content=_cut(h, "<script>alert('xss')</script>"),
                            kind="direct", stance="asserts", date="2023-03-05")
    records += [a_berg, a_reuters, a_officials, a_berg_daily, a_command, a_hostile]

    def quantity(doc: str, text: str, phrase: str, qid: str, **kw) -> Quantity:
        s = _cut(text, phrase)
        return Quantity(id=qid, document_id=docs[doc].id, text=s.text, start=s.start, end=s.end, **kw)

    q_deployed_min = quantity("ministry", m, "97 troops", "q-deployed-ministry", value=97, low=97, high=97,
                              unit=None, counted="troops", measure="deployed", attribution_id="a-berg",
                              as_of="2023-03-03")
    q_deployed_cmd = quantity("daily", d, "between 180 and 220 troops", "q-deployed-command", value=None, low=180,
                              high=220, qualifier="range", counted="troops", measure="deployed",
                              attribution_id="a-command", as_of="2023-03-04")
    q_deployed_memo = quantity("memo", mm, "210 troops", "q-deployed-memo", value=210, low=210, high=210,
                               counted="troops", measure="deployed", as_of="2023-03-02")
    q_killed_daily = quantity("daily", d, "More than 35,000 soldiers", "q-killed-daily", value=35000, low=35000,
                              high=None, qualifier="more_than", counted="soldiers", measure="killed",
                              attribution_id="a-officials", as_of="2023-03-01")
    q_killed_memo = quantity("memo", mm, "41,200 killed", "q-killed-memo", value=41200, low=41200, high=41200,
                             counted="soldiers", measure="killed", as_of="2023-03-02")
    q_kw_memo = quantity("memo", mm, "Up to 200,000", "q-kw-memo", value=200000, low=None, high=200000,
                         qualifier="at_most", counted="soldiers", measure="killed and wounded", as_of="2023-03-02")
    q_killed_opinion = quantity("opinion", o, "perhaps 50,000 killed", "q-killed-opinion", value=50000, low=50000,
                                high=50000, qualifier="about", counted="soldiers", measure="killed",
                                as_of="2023-03-06")
    q_killed_hostile = quantity("hostile", h, "12 soldiers", "q-killed-hostile", value=12, low=12, high=12,
                                counted="soldiers", measure="killed", as_of="2023-03-05")
    records += [q_deployed_min, q_deployed_cmd, q_deployed_memo, q_killed_daily, q_killed_memo, q_kw_memo,
                q_killed_opinion, q_killed_hostile]

    def date(doc: str, text: str, phrase: str, value: str, granularity: str = "day") -> DateMention:
        s = _cut(text, phrase)
        return DateMention(id=stable_id(doc, "date", s.start), document_id=docs[doc].id, text=s.text, start=s.start,
                           end=s.end, value=value, granularity=granularity)

    records += [
        date("ministry", m, "3 March 2023", "2023-03-03"),
        date("daily", d, "1 March 2023", "2023-03-01"),
        date("memo", mm, "2 March 2023", "2023-03-02"),
    ]

    def claim(doc: str, text: str, phrase: str, cid: str, **kw) -> Claim:
        s = _cut(text, phrase)
        return Claim(id=cid, document_id=docs[doc].id, text=s.text, start=s.start, end=s.end, **kw)

    c_no_deaths = claim("ministry", m, "no soldier has been killed in the operation", "c-no-deaths",
                        attribution_id="a-berg", polarity="negative")
    c_35000 = claim("daily", d, "More than 35,000 soldiers were killed in action by 1 March 2023", "c-35000",
                    attribution_id="a-officials", polarity="positive")
    c_minimal = claim("daily", d, "losses were \"minimal\"", "c-minimal", attribution_id="a-berg-daily",
                      polarity="positive")
    c_memo = claim("memo", mm, "Losses to date: 41,200 killed in action.", "c-memo", polarity="positive")
    c_opinion = claim("opinion", o, "the dead number in the tens of thousands, perhaps 50,000 killed", "c-opinion",
                      polarity="positive")
    c_hostile = claim("hostile", h, "Officials said 12 soldiers were killed.", "c-hostile", polarity="positive")
    records += [c_no_deaths, c_35000, c_minimal, c_memo, c_opinion, c_hostile]

    findings = [
        Finding(id="f-contradicts", relation="contradicts", a_type="claim", a_id=c_no_deaths.id, b_type="claim",
                b_id=c_memo.id, score=0.94,
                explanation="The minister denies any deaths; the internal report counts 41,200 killed in action."),
        Finding(id="f-numeric", relation="numeric_conflict", a_type="quantity", a_id=q_deployed_min.id,
                b_type="quantity", b_id=q_deployed_memo.id, score=0.88,
                explanation="97 troops deployed (ministry) vs 210 troops deployed (internal report)."),
        Finding(id="f-supports", relation="supports", a_type="quantity", a_id=q_killed_daily.id, b_type="quantity",
                b_id=q_killed_memo.id, score=0.71,
                explanation="More than 35,000 killed is consistent with 41,200 killed in action."),
        Finding(id="f-measure", relation="different_measure", a_type="quantity", a_id=q_killed_memo.id,
                b_type="quantity", b_id=q_kw_memo.id, score=0.55,
                explanation="Killed (41,200) and killed and wounded (up to 200,000) are different measures."),
        Finding(id="f-same", relation="same", a_type="quantity", a_id=q_deployed_cmd.id, b_type="quantity",
                b_id=q_deployed_memo.id, score=0.62,
                explanation="Between 180 and 220 troops includes the internal report's 210."),
        Finding(id="f-hostile", relation="contradicts", a_type="claim", a_id=c_hostile.id, b_type="attribution",
                b_id=a_berg_daily.id, score=0.4,
                explanation="<script>alert('explanation')</script> 12 killed vs \"minimal\" losses."),
    ]
    records += findings
    records += [FileRecord(path=dd.path, sha256=dd.id, document_id=dd.id, status="ok", reader="text", version=1,
                           size=dd.size) for dd in docs.values()]
    records += [
        FileRecord(path=str(base / "broken.pdf"), status="failed", error="PDF is encrypted: cannot read its text"),
        FileRecord(path=str(base / "scan.png"), status="failed", error="OCR engine not installed (tesseract)"),
    ]
    records += [StageRun(document_id=dd.id, stage="extract", version="1", status="ok", seconds=0.1)
                for dd in docs.values() if dd.id != "d-opinion"]
    records += [StageRun(document_id="d-opinion", stage="extract", version="1", status="failed",
                         error="ValueError: sentence splitter gave up")]
    ledger.upsert(records)
    return {"finding": "f-contradicts", "numeric": "f-numeric", "hostile_document": "d-hostile",
            "document": "d-daily", "entity": "e-berg", "hostile_entity": "e-hostile", "hostile_finding": "f-hostile"}


# --------------------------------------------------------------------------- synthetic, for speed

_OUTLETS = ["Daily Ledger", "Morning Wire", "Evening Post", "Ministry of Defence", "Northern Command", "Weekly Review"]
_KINDS = ["news_report", "news_report", "news_report", "official_statement", "leaked_document", "opinion"]
_MEASURES = ["killed", "wounded", "deployed", "killed and wounded", "displaced"]
_COUNTED = ["soldiers", "civilians", "troops", "people"]
_WORDS = ("officials said the number of soldiers killed near the border rose sharply while the ministry denied "
          "reports of heavy losses and the command deployed more troops to the northern front").split()


def fill_synthetic(ledger: Ledger, claims: int = 100_000, seed: int = 7) -> dict[str, int]:
    """A large generated ledger: ~claims/10 documents, `claims` claims, as many quantities and
    attributions as documents × 4, findings = claims / 2.  Uses bulk inserts per table."""
    rnd = random.Random(seed)
    per_doc = 10
    n_docs = max(1, claims // per_doc)
    entities = [Entity(id=f"e{i}", name=f"Person {i}", type="person", aliases=[f"P. {i}"]) for i in range(200)]
    ledger.upsert(entities)
    batch: list = []

    def flush() -> None:
        if batch:
            ledger.upsert(batch)
            batch.clear()

    claim_ids: list[str] = []
    quantity_ids: list[str] = []
    for i in range(n_docs):
        sentences = []
        for _ in range(per_doc):
            words = rnd.sample(_WORDS, 12)
            sentences.append(" ".join(words).capitalize() + f" {rnd.randint(10, 90000)} soldiers.")
        text = f"Report number {i}\n\n" + "\n\n".join(sentences)
        k = i % len(_OUTLETS)
        doc_id = f"d{i:07d}"
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        batch.append(Document(id=doc_id, path=f"/synthetic/{doc_id}.txt", text=text, title=f"Report {i}",
                              outlet=_OUTLETS[k], kind=_KINDS[k], published=f"2023-{month:02d}-{day:02d}"))
        offset = text.index("\n\n") + 2
        for j, sentence in enumerate(sentences):
            start, end = offset, offset + len(sentence)
            cid = f"c{i:07d}{j}"
            attribution_id = None
            if j < 2:
                attribution_id = f"a{i:07d}{j}"
                batch.append(Attribution(id=attribution_id, document_id=doc_id,
                                         source=SpanRef(sentence[:6], start, start + 6),
                                         source_entity_id=entities[(i + j) % len(entities)].id,
                                         content=SpanRef(sentence, start, end), kind="indirect", stance="asserts",
                                         date=f"2023-{month:02d}-{day:02d}"))
                batch.append(Mention(id=f"m{i:07d}{j}", document_id=doc_id,
                                     entity_id=entities[(i + j) % len(entities)].id, text=sentence[:6], start=start,
                                     end=start + 6, type="person"))
            batch.append(Claim(id=cid, document_id=doc_id, text=sentence, start=start, end=end,
                               attribution_id=attribution_id, polarity="positive"))
            claim_ids.append(cid)
            if j < 4:
                number = sentence.rsplit(" ", 2)[-2]
                q_start = start + sentence.rindex(number)
                value = float(number)
                qid = f"q{i:07d}{j}"
                batch.append(Quantity(id=qid, document_id=doc_id, text=number, start=q_start,
                                      end=q_start + len(number), value=value, low=value, high=value,
                                      counted=_COUNTED[j % len(_COUNTED)], measure=_MEASURES[(i + j) % len(_MEASURES)],
                                      attribution_id=attribution_id, as_of=f"2023-{month:02d}-{day:02d}"))
                quantity_ids.append(qid)
            offset = end + 2
        if len(batch) > 5000:
            flush()
    flush()
    relations = ["contradicts", "numeric_conflict", "supports", "same", "different_measure"]
    n_findings = claims // 2
    for n in range(n_findings):
        if n % 2:
            a, b = rnd.sample(claim_ids, 2)
            types = ("claim", "claim")
        else:
            a, b = rnd.sample(quantity_ids, 2)
            types = ("quantity", "quantity")
        batch.append(Finding(id=f"f{n:07d}", relation=relations[n % len(relations)], a_type=types[0], a_id=a,
                             b_type=types[1], b_id=b, score=round(rnd.random(), 4),
                             explanation="Generated finding for speed measurements."))
        if len(batch) > 5000:
            flush()
    flush()
    return {"documents": n_docs, "claims": len(claim_ids), "quantities": len(quantity_ids), "findings": n_findings}
