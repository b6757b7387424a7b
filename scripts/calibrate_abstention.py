"""Scan the abstention threshold (assistant.engine.MAX_MISSING_TERMS) over the question sets in eval/.

Usage: .venv/bin/python scripts/calibrate_abstention.py   (needs a built index: make ingest)
"""
import json, sys
import assistant.engine as E
from assistant.conversation import Conversation
from assistant.evaluate import load_questions, score_one, summarize
eng = E.Engine.load(llm=None)
sets = {n: load_questions(f"eval/{n}.jsonl") for n in ("dev", "heldout")}
for t in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0):
    E.MAX_MISSING_TERMS = t
    row = [f"{t:.1f}"]
    for name, qs in sets.items():
        outs = []
        for q in qs:
            c = Conversation()
            for turn in (q.get("turns") or [q["question"]]):
                a = eng.ask(turn, c)
            outs.append(score_one(q, a.to_json()))
        s = summarize(outs)
        row += [name, f"correct {s['correct']:.2f}", f"abstain-unans {s['abstained_unanswerable']}", f"false-abst {s['false_abstention']}"]
    print(" | ".join(map(str,row)), flush=True)
