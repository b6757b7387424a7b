"""The Gradio chat app: answers with numbered citation chips, a source viewer that opens the cited
lines or table cell, report filters, uploads, feedback, and the `/ask` and `/source` APIs.

Every browser session has its own conversation id; the engine keeps the conversations apart.
The engine is shared by all sessions and is safe to call from Gradio's worker threads.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from dataclasses import dataclass, field

import gradio as gr

from assistant.qa.answer import Answer
from assistant.qa.pipeline import Engine, Filters
from assistant.source_view import SOURCE_CSS, SourceNotFound, build_source_view
from ingest.settings import Settings

log = logging.getLogger(__name__)

TITLE = "보고서 질의응답 도우미"
SOURCE_PLACEHOLDER = '<div class="source-empty">답변 아래의 출처 번호를 누르면 보고서 원문이 여기에 열립니다.</div>'
EXAMPLES = [
    "공청회·토론회 개최 사업의 집행액은 얼마였나요?",
    "시장비서실 업무추진비는 보고서마다 얼마였나요?",
    "서울특별시의회사무처의 주요업무는 무엇인가요?",
    "그중 정보화 사업은?",
]
STREAM_PIECES = 8  # the answer is shown in this many growing pieces
# Conversations are keyed by the whole id; a longer one is refused rather than cut, since two
# ids cut to the same prefix would share one conversation and its follow-up context.
MAX_SESSION_ID = 64

APP_CSS = SOURCE_CSS + """
#citation-chips .wrap { gap: 6px; }
#citation-chips label { border-radius: 999px; padding: 2px 10px; }
.source-empty { color: #777; padding: 1rem 0; }
.rewritten { color: #666; font-size: 0.9em; }
"""


@dataclass
class SessionState:
    """What one browser tab remembers: its conversation id and the answers shown so far."""

    conversation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    answers: list[dict] = field(default_factory=list)  # ask --json dicts, plus the question
    by_message: dict[int, int] = field(default_factory=dict)  # chatbot message index → answer index
    current: int | None = None


def _session(state: SessionState | None) -> SessionState:
    return state if isinstance(state, SessionState) else SessionState()


# ---------------------------------------------------------------------- text helpers
_MD_SPECIAL = re.compile(r"([\\`*_~<>|#])")


def md_escape(text: str) -> str:
    """Report text shown as markdown must stay literal ('~2/4' is not a strikethrough)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def citation_label(i: int, c: dict) -> str:
    where = f"{c['lines'][0]}–{c['lines'][1]}행" if c["lines"][0] != c["lines"][1] else f"{c['lines'][0]}행"
    page = f", {c['page']}쪽" if c.get("page") else ""
    section = c.get("section", "").split(" › ")[-1]
    return f"[{i}] {c['title']} › {section} ({where}{page})"


def plain_text(out: dict) -> str:
    """The answer with its citations, ready to paste into a memo."""
    parts = [out["answer"]]
    if out.get("rewritten_question") and out.get("question") and out["rewritten_question"] != out["question"]:
        parts.append(f"(질문 해석: {out['rewritten_question']})")
    if out.get("citations"):
        parts.append("출처")
        for i, c in enumerate(out["citations"], start=1):
            text = " ".join(c["text"].split())
            parts.append(f"{citation_label(i, c)}\n    {text[:300]}")
    return "\n".join(parts[:1]) + ("\n\n" + "\n".join(parts[1:]) if len(parts) > 1 else "")


def message_markdown(out: dict) -> str:
    body = [md_escape(out["answer"])]
    for note in out.get("notes") or []:
        body.append(f"⚠️ {md_escape(note)}")
    if out.get("rewritten_question") and out.get("question") and out["rewritten_question"] != out["question"]:
        body.append(f"<span class='rewritten'>🔎 이렇게 이해했습니다: {md_escape(out['rewritten_question'])}</span>")
    if out.get("citations"):
        body.append("**출처** " + " · ".join(md_escape(citation_label(i, c)) for i, c in enumerate(out["citations"], 1)))
    if out.get("related"):
        body.append("**참고 자료** " + " · ".join(
            md_escape(f"{c['title']} ({c['lines'][0]}행)") for c in out["related"][:3]))
    return "\n\n".join(body)


def chip_update(out: dict | None):
    cits = (out or {}).get("citations") or (out or {}).get("related") or []
    choices = [(citation_label(i, c), str(i - 1)) for i, c in enumerate(cits, start=1)]
    label = "출처 (눌러서 원문 보기)" if (out or {}).get("citations") else "참고 자료 (눌러서 원문 보기)"
    return gr.update(choices=choices, value=None, label=label, visible=bool(choices))


# ---------------------------------------------------------------------- the app
class ChatApp:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.demo: gr.Blocks | None = None  # set by build(); its upload record vets upload paths

    # --- index views
    def report_choices(self) -> list[tuple[str, str]]:
        docs = sorted(self.engine.index.docs.values(), key=lambda d: (d.reference_date or "", d.title))
        return [(d.title, d.doc_id) for d in docs]

    def org_choices(self) -> list[str]:
        return sorted({d.organization for d in self.engine.index.docs.values() if d.organization})

    def documents_table(self) -> list[list]:
        rows = []
        for d in sorted(self.engine.index.docs.values(), key=lambda d: (d.reference_date or "", d.title)):
            org = (d.organization or "") + (" (추정)" if d.organization_inferred and d.organization else "")
            rows.append([d.title, org, d.report_date or "", d.n_tables, d.n_chunks, d.fmt, d.doc_id])
        return rows

    def filters(self, reports: list[str] | None, orgs: list[str] | None) -> Filters | None:
        docs: set[str] | None = None
        if reports:
            docs = set(reports)
        if orgs:
            by_org = {d.doc_id for d in self.engine.index.docs.values() if d.organization in set(orgs)}
            docs = by_org if docs is None else docs & by_org
        return Filters(docs=docs) if docs is not None else None

    # --- answering
    def answer(self, question: str, conversation_id: str, filters: Filters | None = None) -> dict:
        self.engine.reload_if_stale()
        ans: Answer = self.engine.ask(question, conversation_id, filters=filters)
        out = ans.to_json()
        out["question"] = question
        out["session_id"] = conversation_id
        out["build_id"] = self.engine.index.build_id
        return out

    def respond(self, question, history, state, reports, orgs):
        """Chat handler: shows the question at once, then the answer in growing pieces."""
        state = _session(state)
        history = list(history or [])
        question = (question or "").strip()
        if not question:
            yield history, "", state, gr.update(), gr.update(), gr.update()
            return
        history.append({"role": "user", "content": question})
        history.append({"role": "assistant", "content": "답을 찾는 중…"})
        yield history, "", state, gr.update(), gr.update(), gr.update()
        try:
            out = self.answer(question, state.conversation_id, self.filters(reports, orgs))
        except Exception:  # the user sees a plain message; the log keeps the details
            log.exception("answering failed")
            history[-1] = {"role": "assistant", "content": "답변 중 오류가 발생했습니다. 잠시 후 다시 물어봐 주세요."}
            yield history, question, state, gr.update(), gr.update(), gr.update()
            return
        text = message_markdown(out)
        step = max(1, len(text) // STREAM_PIECES)
        for end in range(step, len(text), step):
            history[-1] = {"role": "assistant", "content": text[:end]}
            yield history, "", state, gr.update(), gr.update(), gr.update()
            time.sleep(0.01)
        history[-1] = {"role": "assistant", "content": text}
        state.answers.append(out)
        state.current = len(state.answers) - 1
        state.by_message[len(history) - 1] = state.current
        yield history, "", state, chip_update(out), plain_text(out), SOURCE_PLACEHOLDER

    def select_message(self, state, evt: gr.SelectData):
        """Clicking an earlier answer shows its citations."""
        state = _session(state)
        idx = evt.index if isinstance(evt.index, int) else (evt.index[0] if evt.index else None)
        if idx not in state.by_message:
            return state, gr.update(), gr.update(), gr.update()
        state.current = state.by_message[idx]
        out = state.answers[state.current]
        return state, chip_update(out), plain_text(out), SOURCE_PLACEHOLDER

    def open_citation(self, choice, state) -> str:
        state = _session(state)
        if choice in (None, "") or state.current is None:
            return SOURCE_PLACEHOLDER
        out = state.answers[state.current]
        cits = out.get("citations") or out.get("related") or []
        try:
            c = cits[int(choice)]
        except (ValueError, IndexError):
            return SOURCE_PLACEHOLDER
        try:
            view = build_source_view(self.engine.index, c["doc"], c["lines"][0], c["lines"][1], c.get("table"),
                                     c.get("highlight"), out.get("figures"))
        except SourceNotFound as exc:
            return f'<div class="source-empty">{exc} 보고서가 다시 색인되었을 수 있습니다. 질문을 다시 해 주세요.</div>'
        return view.html

    def new_conversation(self, state):
        state = _session(state)
        self.engine.conversations.reset(state.conversation_id)
        fresh = SessionState()
        return [], fresh, gr.update(choices=[], value=None, visible=False), "", SOURCE_PLACEHOLDER, ""

    def feedback(self, state, evt: gr.LikeData) -> None:
        from assistant.feedback import append_feedback

        state = _session(state)
        idx = evt.index if isinstance(evt.index, int) else (evt.index[0] if evt.index else None)
        if idx not in state.by_message:
            return
        out = state.answers[state.by_message[idx]]
        liked = evt.liked
        if liked in (None, "", False) and not isinstance(liked, bool):
            return
        rating = "up" if liked is True or str(liked).lower() in ("like", "true", "👍") else "down"
        append_feedback(self.settings, {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "rating": rating,
            "question": out.get("question"),
            "rewritten_question": out.get("rewritten_question"),
            "answer": out.get("answer"),
            "citations": out.get("citations"),
            "conversation_id": state.conversation_id,
            "build_id": out.get("build_id"),
        })

    # --- uploads
    def upload(self, files, progress=gr.Progress(track_tqdm=True)):
        from gradio.utils import get_upload_folder

        from assistant.upload_guard import received_files
        from assistant.uploads import accept_uploads

        paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in (files or [])]
        progress(0, desc="올린 파일 확인 중")
        received = getattr(self.demo, "upload_file_set", set())
        paths, refused = received_files(paths, get_upload_folder(), received)
        try:
            result = accept_uploads(paths, self.settings, progress=True)
        except Exception:
            log.exception("upload failed")
            return ("⚠️ 올린 파일을 처리하지 못했습니다. 잠시 후 다시 올려 주세요.", gr.update(), gr.update(),
                    gr.update(), None)
        result.errors[:0] = refused
        self.engine.reload_if_stale()
        return (result.message(), self.documents_table(), gr.update(choices=self.report_choices()),
                gr.update(choices=self.org_choices()), None)

    # --- APIs
    def api_ask(self, question: str, session_id: str = "") -> dict:
        """보고서에 질문하고 `python -m assistant ask --json`과 같은 JSON을 받습니다.
        session_id를 넘기면 같은 대화의 후속 질문으로 읽습니다(응답의 session_id를 다음 질문에 넘기세요)."""
        if not isinstance(question, str) or not isinstance(session_id, (str, type(None))):
            raise gr.Error("질문과 대화 id는 문자열로 보내 주세요.")
        sid = (session_id or "").strip()
        if len(sid) > MAX_SESSION_ID:
            raise gr.Error(f"대화 id가 너무 깁니다({len(sid):,}자). {MAX_SESSION_ID}자 이하로 보내 주세요. "
                           "앞 응답의 session_id를 그대로 넘기면 됩니다.")
        out = self.answer(question, sid or uuid.uuid4().hex)
        out.pop("question", None)
        out.pop("build_id", None)
        return out

    def api_source(self, doc: str, first: int, last: int, table: str = "", highlight: str = "") -> dict:
        """인용된 문서(색인의 문서 ID)의 해당 행과 앞뒤 문맥, 표라면 셀 정보를 돌려줍니다."""
        from assistant.source_request import BadSourceRequest, parse_source_request

        try:
            r = parse_source_request(doc, first, last, table, highlight)
            view = build_source_view(self.engine.index, r.doc, r.first, r.last, r.table, r.highlight)
        except (SourceNotFound, BadSourceRequest) as exc:
            raise gr.Error(str(exc))
        return view.to_json()

    # --- layout
    def build(self) -> gr.Blocks:
        with gr.Blocks(title=TITLE, fill_width=True) as demo:
            state = gr.State(None)
            gr.Markdown(f"## {TITLE}\n서울시 주요업무보고에 질문하면 보고서의 해당 행을 출처로 붙여 답합니다. "
                        "숫자는 보고서의 표에서 그대로 가져옵니다.")
            with gr.Tabs():
                with gr.Tab("질문하기", id="chat"):
                    with gr.Row():
                        with gr.Column(scale=1, min_width=220):
                            reports = gr.CheckboxGroup(self.report_choices(), label="보고서로 좁히기", elem_id="filter-reports")
                            orgs = gr.CheckboxGroup(self.org_choices(), label="기관으로 좁히기", elem_id="filter-orgs")
                            new_btn = gr.Button("새 대화", variant="secondary", elem_id="new-conversation")
                        with gr.Column(scale=4):
                            chatbot = gr.Chatbot(label="대화", height=460, elem_id="chatbot", buttons=["copy"],
                                                 placeholder="보고서에 대해 무엇이든 물어보세요. 예: 학술세미나 개최 예산현액은?")
                            question = gr.Textbox(placeholder="질문을 입력하고 Enter를 누르세요", show_label=False,
                                                  elem_id="question", submit_btn="질문", lines=1, max_lines=4)
                            chips = gr.Radio([], label="출처 (눌러서 원문 보기)", elem_id="citation-chips", visible=False)
                            gr.Examples(EXAMPLES, inputs=question, label="예시 질문")
                            copy_box = gr.Textbox(label="복사용 답변 (출처 포함)", lines=4, interactive=False,
                                                  buttons=["copy"], elem_id="copy-box")
                        with gr.Column(scale=4):
                            source = gr.HTML(SOURCE_PLACEHOLDER, label="원문", elem_id="source-view", min_height=300)
                with gr.Tab("문서", id="docs"):
                    docs = gr.Dataframe(self.documents_table(), headers=["제목", "기관", "보고일", "표", "문단", "형식", "문서 ID"],
                                        interactive=False, elem_id="documents", wrap=True)
                    files = gr.File(label="보고서 올리기 (" + ", ".join(_extensions()) + f", 최대 {self.settings.max_file_mb:g}MB)",
                                    file_count="multiple", type="filepath", elem_id="upload")
                    # no file_types: Gradio would refuse other files with an English message; ours explain in Korean
                    upload_status = gr.Markdown(elem_id="upload-status")

            outputs = [chatbot, question, state, chips, copy_box, source]
            question.submit(self.respond, [question, chatbot, state, reports, orgs], outputs, api_visibility="private")
            chatbot.select(self.select_message, [state], [state, chips, copy_box, source], api_visibility="private")
            chatbot.like(self.feedback, [state], None, api_visibility="private")
            chips.input(self.open_citation, [chips, state], [source], api_visibility="private")
            new_btn.click(self.new_conversation, [state], [chatbot, state, chips, copy_box, source, question],
                          api_visibility="private")
            files.upload(self.upload, [files], [upload_status, docs, reports, orgs, files], api_name="upload",
                         concurrency_limit=1)
            gr.api(self.api_ask, api_name="ask")
            gr.api(self.api_source, api_name="source")
        self.demo = demo
        return demo


def _extensions() -> list[str]:
    from ingest.readers import SUPPORTED_EXTENSIONS

    return list(SUPPORTED_EXTENSIONS)


def build_app(engine: Engine, settings: Settings) -> gr.Blocks:
    return ChatApp(engine, settings).build()
