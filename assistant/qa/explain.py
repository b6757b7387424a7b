"""`ask --explain`: what each stage made of a question — the frame, the scope, and every part's top
candidates with their binding and why the verifier kept or refused them."""

from __future__ import annotations

from assistant.qa.verify import rejection


def _evidence(c) -> str:
    if c.facts:
        f = c.facts[0]
        where = f.table.table_id.split("#")[-1] if f.table else "본문"
        return f"{f.printed}{f.unit or ''} [{f.measure}] {f.doc_id[:3]}:{f.line} {where} «{f.label[:50]}»"
    if c.spans:
        s = c.spans[0]
        return f"{s.kind} «{(s.text or ', '.join(s.items))[:50]}» {s.doc_id[:3]}:{s.lines[0]} «{s.label[:40]}»"
    return ""


def explain(engine, question: str, limit: int = 8) -> str:
    from assistant.qa.normalize import normalize_question
    from assistant.qa.retrieve import retrieve

    q = normalize_question(question)
    q, frame, scope = engine.read(q)
    out = [f"question: {q}", f"frame: type={frame.answer_type} op={frame.op} measures={[m.name + '/' + m.word for m in frame.measures]} "
           f"counter={frame.counter} years={frame.years} refs={frame.report_refs} offices={frame.offices}",
           f"  terms: {[(t.text, round(t.weight, 2), t.strong) for t in frame.terms]}  phrase={frame.phrase!r} "
           f"parts={frame.parts} attributes={frame.attributes}",
           f"scope: {sorted(scope.docs) if scope.docs is not None else 'all'} {scope.refusal}"]
    if scope.refusal:
        return "\n".join(out)
    passages = retrieve(frame, scope, engine.res.retriever, engine.res.rows).passages
    out.append("passages: " + ", ".join(f"{p.chunk.chunk_id.split('#')[-1]}({p.doc_id[:3]})" for p in passages[:6]))
    for label, f in engine.parts(frame):
        got = retrieve(f, scope, engine.res.retriever, engine.res.rows, passages=passages)
        from assistant.qa.pipeline import _Asker

        cands = [c for a in engine.answerers for c in a.propose(f, scope, got, engine.res, _Asker(engine, passages))]
        cands.sort(key=lambda c: c.key)
        out.append(f"part {label!r}: {len(cands)} candidates")
        for c in cands[:limit]:
            b = c.binding
            why = rejection(f, c)
            bind = (f"own={b.own:.2f} ctx={b.context:.2f} prec={b.precision:.2f} m={b.measure} unit={b.unit_ok} "
                    f"year={b.year_ok} miss={list(b.missing_strong)}") if b else ""
            out.append(f"  {'✓' if why is None else '✗'} {c.score:.3f} {c.answerer:<12} {_evidence(c)}  {bind}"
                       + (f"  ← {why}" if why else ""))
    return "\n".join(out)
