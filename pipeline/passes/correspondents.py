"""Correspondents: who sent the document (and each attachment) to whom.

The heading says it: "Memorandum From X (Surname) to Y (Surname)", "Telegram From the
Department of State to the Embassy in Greece", "Conversation Between A and B". Names the
persons pass tagged take the role ``sender``/``recipient``; a government, department or
embassy becomes an ``OrgName``; a title with an unknown name in parentheses becomes a
``PersName`` without ``ref`` (reported). The result is ``Document.correspondence`` (TEI
``correspDesc``) and ``Document.persons`` (every person referenced, for ``listPerson``).
"""

from __future__ import annotations

import dataclasses
import re

from pipeline.model import (
    CorrespAction,
    Correspondence,
    DateRef,
    Division,
    Document,
    Inline,
    OrgName,
    PersName,
    Text,
    inline_text,
)
from pipeline.passes.base import Context, iter_inlines

_HEAD = re.compile(r"\bFrom (?P<s>.+?)(?: to (?P<r>.+?))?(?:,? at [A-Z][\w ]+)?$|"
                   r"\bBetween (?P<a>.+?) and (?P<b>.+?)$|"
                   r"\bto (?P<r2>.+?)$")
ORG = re.compile(r"(?:Department of State|Department of Defense|White House|"
                 r"(?:Embassy|Legation|Consulate(?: General)?|Mission) (?:in|at|to) "
                 r"(?:the )?[A-Z][\w]*(?: [A-Z][\w]*)*|"
                 r"Government of (?:the )?[A-Z][\w]*(?: (?:of )?[A-Z][\w]*)*|"
                 r"Central Intelligence Agency|National Security Council|"
                 r"Joint Chiefs of Staff)")
_UNKNOWN_IN_PARENS = re.compile(r"\((?P<n>[A-Z][\w’'-]+(?: [A-Z][\w’'.-]+)*)\)")


def _roles(inlines: tuple[Inline, ...], ctx: Context, where: str
           ) -> tuple[tuple[Inline, ...], list[Inline], list[Inline]]:
    """Give the heading's names their roles; returns (new inlines, senders, recipients)."""
    text = inline_text(inlines).rstrip()
    m = _HEAD.search(text)
    if not m:
        return inlines, [], []
    spans: list[tuple[int, int, str]] = []
    for g, role in (("s", "sender"), ("r", "recipient"), ("a", "sender"), ("b", "recipient"),
                    ("r2", "recipient")):
        if m.group(g):
            spans.append((m.start(g), m.end(g), role))
    out: list[Inline] = []
    senders: list[Inline] = []
    recipients: list[Inline] = []
    pos = 0

    def role_at(a: int, b: int) -> str | None:
        return next((r for s, e, r in spans if s <= a and b <= e), None)

    for node in inlines:
        t = getattr(node, "text", None)
        if t is None or not isinstance(node, (Text, PersName, OrgName)):
            out.append(node)
            continue
        a, b = pos, pos + len(t)
        pos = b
        if isinstance(node, PersName | OrgName):
            role = role_at(a, b)
            if role:
                node = dataclasses.replace(node, role=role)
                (senders if role == "sender" else recipients).append(node)
            out.append(node)
            continue
        out.extend(_split_text(node.text, a, spans, senders, recipients, ctx, where))
    return tuple(out), senders, recipients


def _split_text(text: str, offset: int, spans: list[tuple[int, int, str]],
                senders: list[Inline], recipients: list[Inline], ctx: Context,
                where: str) -> list[Inline]:
    """Organisations and unknown "(Name)"s inside a sender/recipient stretch of text."""
    found: list[tuple[int, int, Inline]] = []
    for s, e, role in spans:
        lo, hi = max(s - offset, 0), min(e - offset, len(text))
        if lo >= hi:
            continue
        part = text[lo:hi]
        for m in ORG.finditer(part):
            found.append((lo + m.start(), lo + m.end(), OrgName(m.group(0), role=role)))
        for m in _UNKNOWN_IN_PARENS.finditer(part):
            name = m.group("n")
            ctx.reporter.info("unknown-person",
                                 f"{where}: {role} {name!r} is not in the person registry")
            found.append((lo + m.start("n"), lo + m.end("n"), PersName(name, role=role)))
    found.sort(key=lambda f: f[0])
    out: list[Inline] = []
    pos = 0
    for a, b, node in found:
        if a < pos:
            continue
        if a > pos:
            out.append(Text(text[pos:a]))
        out.append(node)
        (senders if node.role == "sender" else recipients).append(node)
        pos = b
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def _signer(d: Division) -> PersName | None:
    from pipeline.model import Closer

    for b in reversed(d.blocks):
        if isinstance(b, Closer):
            return next((n for n in b.signed if isinstance(n, PersName)), None)
    return None


def _action(kind: str, names: list[Inline], date: DateRef | None) -> CorrespAction:
    clean = tuple(dataclasses.replace(n, role=None) for n in names
                  if isinstance(n, PersName | OrgName))
    return CorrespAction(kind, clean, date)


def run(doc: Document, ctx: Context) -> Document:
    date = None
    if doc.creation is not None and doc.creation.when:
        date = DateRef(doc.creation.when, when=doc.creation.when)
    corresp: list[Correspondence] = []
    attachments = 0

    def division(d: Division, top: bool) -> Division:
        nonlocal attachments
        inlines, senders, recipients = _roles(d.head.inlines, ctx, "heading")
        if not senders:
            signer = _signer(d)
            if signer is not None and (recipients or not top):
                senders = [signer]
        blocks = tuple(division(b, False) if isinstance(b, Division) else b for b in d.blocks)
        if not top:
            attachments += 1
        if senders or recipients:
            actions = []
            if senders:
                actions.append(_action("sent", senders, date if top else None))
            if recipients:
                actions.append(_action("received", recipients, None))
            corresp.append(Correspondence(tuple(actions), d.xml_id,
                                          "document" if top else f"attachment {attachments}"))
        return dataclasses.replace(d, head=dataclasses.replace(d.head, inlines=inlines),
                                   blocks=blocks)

    body = division(doc.body, True)
    doc = dataclasses.replace(doc, body=body, correspondence=tuple(corresp))
    refs: list[str] = []
    for inlines, _ in iter_inlines(doc):
        for n in inlines:
            if isinstance(n, PersName) and n.ref and n.ref not in refs:
                refs.append(n.ref)
    persons = tuple(ctx.registry.entries[r].person() for r in refs
                    if r in ctx.registry.entries)
    return dataclasses.replace(doc, persons=persons)
