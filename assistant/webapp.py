"""The Gradio chat app: answers with numbered citation chips, a source viewer that opens the cited
lines or table cell, report filters, uploads, feedback, a list of past conversations (reopen,
rename, delete, export as Markdown), and the `/ask`, `/history`, `/export` and `/source` APIs.

Every conversation has its own id; the engine keeps their follow-up contexts apart, and
`assistant.history` keeps their turns in SQLite, per user when login is on. A browser tab remembers
its current conversation id in the browser (gr.BrowserState), so a reload redraws it.
The engine is shared by all sessions and is safe to call from Gradio's worker threads.
"""

from __future__ import annotations

import logging
import re
import secrets
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from assistant.conversation_export import conversation_markdown, export_file_name
from assistant.history import ConversationLog, Turn
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
# After an app restart the engine has forgotten every follow-up context; the last turns of a
# reopened conversation are asked again (answers discarded) so "그 항목은?" still means its item.
# The engine itself remembers no more turns than this.
REPLAY_TURNS = 10
# The keys known to be warm are forgotten past this many (one per API call without an id): the
# worst a forgotten key costs is one read of its stored turns, the engine's own context is kept.
WARM_LIMIT = 10_000
BROWSER_KEY = "bogoseo-conversation"  # the localStorage key of a tab's current conversation id
# On a phone the open sidebar covers the whole screen: it starts closed there (its toggle opens it).
CLOSE_SIDEBAR_ON_PHONE = """() => {
  if (window.innerWidth >= 768) return;
  const close = () => {
    const bar = document.querySelector("#conversations");
    if (bar && bar.classList.contains("open")) bar.querySelector(".toggle-button")?.click();
  };
  setTimeout(close, 50);
}"""

APP_CSS = SOURCE_CSS + """
#citation-chips .wrap { gap: 6px; }
#citation-chips label { border-radius: 999px; padding: 2px 10px; }
.source-empty { color: #777; padding: 1rem 0; }
.rewritten { color: #666; font-size: 0.9em; }
#conversation-list .wrap { flex-direction: column; gap: 4px; }
#conversation-list label { width: 100%; }
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


def owner_of(request: gr.Request | None) -> str:
    """Whose conversations these are: the login name, or "" when the app runs without login."""
    return (getattr(request, "username", None) or "") if request is not None else ""


def engine_key(owner: str, conversation_id: str) -> str:
    """The engine's conversation key: two users who pick the same id keep their own follow-ups.
    Login names cannot hold ':' (users are written 'name:password'), so keys never collide."""
    return f"{owner}:{conversation_id}" if owner else conversation_id


def browser_secret(settings: Settings) -> str:
    """The key that encrypts a tab's conversation id in the browser. Kept in the index folder: a
    new key at every start would leave every open browser unable to read its id after a restart."""
    path = settings.index_dir / ".browser-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(24)
        path.write_text(secret, encoding="utf-8")
        path.chmod(0o600)
        return secret


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
    def __init__(self, engine: Engine, settings: Settings, log: ConversationLog | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.log = log or ConversationLog.for_settings(settings)
        self.demo: gr.Blocks | None = None  # set by build(); its upload record vets upload paths
        # engine keys whose follow-up context this process holds (asked or replayed here)
        self._warm: set[str] = set()
        self._warm_lock = threading.Lock()
        self._export_dir: Path | None = None

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
    def answer(self, question: str, conversation_id: str, filters: Filters | None = None, owner: str = "") -> dict:
        """Answer one turn of a conversation and store it (question, answer, citations)."""
        self.engine.reload_if_stale()
        key = engine_key(owner, conversation_id)
        self._restore_context(owner, conversation_id, key)
        ans: Answer = self.engine.ask(question, key, filters=filters)
        out = ans.to_json()
        out["question"] = question
        out["session_id"] = conversation_id
        out["build_id"] = self.engine.index.build_id
        if question.strip():
            self.log.add_turn(owner, conversation_id, out)
        return out

    def _restore_context(self, owner: str, conversation_id: str, key: str) -> None:
        """A conversation stored by an earlier run of the app gets its follow-up context back."""
        with self._warm_lock:
            if key in self._warm:
                return
            if len(self._warm) >= WARM_LIMIT:
                self._warm.clear()
            self._warm.add(key)
        turns = self.log.turns(owner, conversation_id)
        conv = self.engine.conversations.get(key)
        if conv.turns:  # already known to the engine
            return
        for turn in turns[-REPLAY_TURNS:]:
            self.engine.ask(turn.question, conv)

    def respond(self, question, history, state, reports, orgs, request: gr.Request = None):
        """Chat handler: shows the question at once, then the answer in growing pieces."""
        state = _session(state)
        owner = owner_of(request)
        history = list(history or [])
        question = (question or "").strip()
        keep = (gr.update(),) * 7  # chips, copy box, source and the sidebar stay as they are
        if not question:
            yield history, "", state, *keep
            return
        history.append({"role": "user", "content": question})
        history.append({"role": "assistant", "content": "답을 찾는 중…"})
        yield history, "", state, *keep
        try:
            out = self.answer(question, state.conversation_id, self.filters(reports, orgs), owner)
        except Exception:  # the user sees a plain message; the log keeps the details
            log.exception("answering failed")
            history[-1] = {"role": "assistant", "content": "답변 중 오류가 발생했습니다. 잠시 후 다시 물어봐 주세요."}
            yield history, question, state, *keep
            return
        text = message_markdown(out)
        step = max(1, len(text) // STREAM_PIECES)
        for end in range(step, len(text), step):
            history[-1] = {"role": "assistant", "content": text[:end]}
            yield history, "", state, *keep
            time.sleep(0.01)
        history[-1] = {"role": "assistant", "content": text}
        state.answers.append(out)
        state.current = len(state.answers) - 1
        state.by_message[len(history) - 1] = state.current
        yield (history, "", state, chip_update(out), plain_text(out), SOURCE_PLACEHOLDER,
               *self._sidebar(owner, state.conversation_id))

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

    # --- conversations: the sidebar, reload, reopen, new, rename, delete, export
    def show_conversation(self, owner: str, conversation_id: str | None) -> tuple:
        """The chat, the tab's state, chips, copy box, source and sidebar for one stored
        conversation, or for a new empty one when it has no turns (or no longer exists)."""
        turns = self.log.turns(owner, conversation_id) if conversation_id else []
        state = SessionState(conversation_id=conversation_id) if turns else SessionState()
        history = []
        for turn in turns:
            history.append({"role": "user", "content": turn.question})
            history.append({"role": "assistant", "content": message_markdown(turn.record)})
            state.answers.append(turn.record)
            state.by_message[len(history) - 1] = len(state.answers) - 1
        last = state.answers[-1] if state.answers else None
        state.current = len(state.answers) - 1 if last else None
        return (history, state, chip_update(last), plain_text(last) if last else "", SOURCE_PLACEHOLDER,
                *self._sidebar(owner, state.conversation_id))

    def restore(self, saved, request: gr.Request = None) -> tuple:
        """On page load: the conversation this browser had open, as it was."""
        cid = saved.get("conversation_id") if isinstance(saved, dict) else None
        return self.show_conversation(owner_of(request), cid if isinstance(cid, str) else None)

    def reopen(self, choice, request: gr.Request = None) -> tuple:
        return self.show_conversation(owner_of(request), choice or None)

    def new_conversation(self, state, request: gr.Request = None) -> tuple:
        """새 대화 and the chat's trash icon: an empty screen and no follow-up context. The previous
        conversation stays in the list, with its own context, to be reopened."""
        return (*self.show_conversation(owner_of(request), None), "")

    def rename_conversation(self, title, state, request: gr.Request = None) -> tuple:
        state = _session(state)
        owner = owner_of(request)
        if not self.log.rename(owner, state.conversation_id, title or ""):
            gr.Warning("이름을 바꿀 대화가 없습니다. 먼저 질문하거나, 비어 있지 않은 이름을 적어 주세요.")
        return self._sidebar(owner, state.conversation_id)

    def delete_conversation(self, state, request: gr.Request = None) -> tuple:
        state = _session(state)
        owner = owner_of(request)
        key = engine_key(owner, state.conversation_id)
        self.log.delete(owner, state.conversation_id)
        self.engine.conversations.reset(key)
        with self._warm_lock:
            self._warm.discard(key)
        return (*self.show_conversation(owner, None), "")

    def _sidebar(self, owner: str, conversation_id: str) -> tuple:
        """The conversation list, the title box, the export button and the id kept in the browser."""
        items = self.log.conversations(owner)
        current = next((c for c in items if c.id == conversation_id), None) or self.log.summary(owner, conversation_id)
        choices = [(c.label(), c.id) for c in items]
        listed = current is not None and any(c.id == current.id for c in items)
        export = self._export_file(owner, conversation_id, current.title) if current else None
        return (gr.update(choices=choices, value=conversation_id if listed else None),
                gr.update(value=current.title if current else "", interactive=current is not None),
                gr.update(value=export, interactive=export is not None),
                {"conversation_id": conversation_id})

    def _export_file(self, owner: str, conversation_id: str, title: str) -> str | None:
        """The conversation as a Markdown file for the download button, rewritten after every turn."""
        turns = self.log.turns(owner, conversation_id)
        if not turns:
            return None
        if self._export_dir is None:
            self._export_dir = Path(tempfile.mkdtemp(prefix="bogoseo-export-"))
        folder = self._export_dir / uuid.uuid5(uuid.NAMESPACE_URL, engine_key(owner, conversation_id)).hex
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / export_file_name(title)
        partial = path.with_suffix(f".{uuid.uuid4().hex}.part")
        partial.write_text(conversation_markdown(title, turns, conversation_id), encoding="utf-8")
        partial.replace(path)  # a download already under way reads the old file or the new one, whole
        return str(path)

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
    @staticmethod
    def _conversation_id(session_id) -> str:
        if not isinstance(session_id, (str, type(None))):
            raise gr.Error("대화 id는 문자열로 보내 주세요.")
        sid = (session_id or "").strip()
        if len(sid) > MAX_SESSION_ID:
            raise gr.Error(f"대화 id가 너무 깁니다({len(sid):,}자). {MAX_SESSION_ID}자 이하로 보내 주세요. "
                           "앞 응답의 session_id를 그대로 넘기면 됩니다.")
        return sid

    def api_ask(self, question: str, session_id: str = "", request: gr.Request = None) -> dict:
        """보고서에 질문하고 `python -m assistant ask --json`과 같은 JSON을 받습니다.
        session_id를 넘기면 같은 대화의 후속 질문으로 읽습니다(응답의 session_id를 다음 질문에 넘기세요).
        차례마다 대화 기록에 남으므로 /history, /export와 앱의 대화 목록에서 다시 볼 수 있습니다."""
        if not isinstance(question, str):
            raise gr.Error("질문과 대화 id는 문자열로 보내 주세요.")
        sid = self._conversation_id(session_id)
        out = self.answer(question, sid or uuid.uuid4().hex, owner=owner_of(request))
        out.pop("question", None)
        out.pop("build_id", None)
        return out

    def _stored_turns(self, session_id, request) -> tuple[str, str, list[Turn]]:
        """The id, title and turns of one of the caller's stored conversations."""
        sid = self._conversation_id(session_id)
        owner = owner_of(request)
        summary = self.log.summary(owner, sid) if sid else None
        if summary is None:
            raise gr.Error(f"대화 기록에 없는 대화 id입니다: {sid[:MAX_SESSION_ID] or '(빈 값)'}. "
                           "/ask 응답의 session_id를 넘겨 주세요.")
        return sid, summary.title, self.log.turns(owner, sid)

    def api_history(self, session_id: str, request: gr.Request = None) -> dict:
        """대화 id의 차례들을 돌려줍니다: {"turns": [{"question", "answer", "citations"}]}.
        앱을 다시 시작한 뒤에도 같습니다(index/conversations.sqlite)."""
        sid, title, turns = self._stored_turns(session_id, request)
        return {"session_id": sid, "title": title, "turns": [t.to_json() for t in turns]}

    def api_export(self, session_id: str, request: gr.Request = None) -> str:
        """대화를 Markdown으로 돌려줍니다: 질문, 답, 그리고 답마다 인용의 보고서 제목, 행 번호, 인용문."""
        sid, title, turns = self._stored_turns(session_id, request)
        return conversation_markdown(title, turns, sid)

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
            saved = gr.BrowserState({"conversation_id": ""}, storage_key=BROWSER_KEY,
                                    secret=browser_secret(self.settings))
            with gr.Sidebar(label="대화 목록", open=True, elem_id="conversations", width=300):
                new_btn = gr.Button("새 대화", variant="primary", elem_id="new-conversation")
                conv_list = gr.Radio([], label="지난 대화 (눌러서 다시 열기)", elem_id="conversation-list")
                title_box = gr.Textbox(label="대화 이름", elem_id="conversation-title", interactive=False,
                                       placeholder="첫 질문이 이름이 됩니다")
                rename_btn = gr.Button("이름 바꾸기", size="sm", elem_id="rename-conversation")
                export_btn = gr.DownloadButton("대화 내보내기 (Markdown)", size="sm", interactive=False,
                                               elem_id="export-conversation")
                delete_btn = gr.Button("대화 삭제", size="sm", variant="stop", elem_id="delete-conversation")
            gr.Markdown(f"## {TITLE}\n서울시 주요업무보고에 질문하면 보고서의 해당 행을 출처로 붙여 답합니다. "
                        "숫자는 보고서의 표에서 그대로 가져옵니다.")
            with gr.Tabs():
                with gr.Tab("질문하기", id="chat"):
                    with gr.Row():
                        with gr.Column(scale=1, min_width=220):
                            reports = gr.CheckboxGroup(self.report_choices(), label="보고서로 좁히기", elem_id="filter-reports")
                            orgs = gr.CheckboxGroup(self.org_choices(), label="기관으로 좁히기", elem_id="filter-orgs")
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

            sidebar = [conv_list, title_box, export_btn, saved]
            shown = [chatbot, state, chips, copy_box, source, *sidebar]
            private = {"api_visibility": "private"}
            question.submit(self.respond, [question, chatbot, state, reports, orgs],
                            [chatbot, question, state, chips, copy_box, source, *sidebar], **private)
            chatbot.select(self.select_message, [state], [state, chips, copy_box, source], **private)
            chatbot.like(self.feedback, [state], None, **private)
            chips.input(self.open_citation, [chips, state], [source], **private)
            # one reset: the trash icon of the chat does what 새 대화 does
            new_btn.click(self.new_conversation, [state], [*shown, question], **private)
            chatbot.clear(self.new_conversation, [state], [*shown, question], **private)
            conv_list.input(self.reopen, [conv_list], shown, **private)
            rename_btn.click(self.rename_conversation, [title_box, state], sidebar, **private)
            title_box.submit(self.rename_conversation, [title_box, state], sidebar, **private)
            delete_btn.click(self.delete_conversation, [state], [*shown, question], **private)
            demo.load(self.restore, [saved], shown, **private)
            demo.load(None, js=CLOSE_SIDEBAR_ON_PHONE)
            files.upload(self.upload, [files], [upload_status, docs, reports, orgs, files], api_name="upload",
                         concurrency_limit=1)
            gr.api(self.api_ask, api_name="ask")
            gr.api(self.api_history, api_name="history")
            gr.api(self.api_export, api_name="export")
            gr.api(self.api_source, api_name="source")
        self.demo = demo
        return demo


def _extensions() -> list[str]:
    from ingest.readers import SUPPORTED_EXTENSIONS

    return list(SUPPORTED_EXTENSIONS)


def build_app(engine: Engine, settings: Settings) -> gr.Blocks:
    return ChatApp(engine, settings).build()
