"""A staff member in a real browser (Debian's chromium, headless): asks a figure question, sees the
answer with a citation chip, clicks it and sees the cited cell highlighted with its unit; asks a
follow-up and sees how it was read; marks an answer 👎 and finds it in the feedback log; reloads
the page and finds the conversation and its citations still there; downloads the conversation as
Markdown; resets with the trash icon; renames, reopens and deletes conversations; and reads every
button in Korean although the browser is set to English. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
DOWNLOADS = ARTIFACTS / "downloads"


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium/chromedriver가 없습니다: `make browser` (apt-get install chromium chromium-driver)로 설치하세요.")
    opts = Options()
    opts.binary_location = CHROMIUM
    # An English-language browser: the app must still be Korean throughout.
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1500,1000",
                "--lang=en-US"):
        opts.add_argument(arg)
    shutil.rmtree(DOWNLOADS, ignore_errors=True)
    DOWNLOADS.mkdir(parents=True)
    opts.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en", "download.prompt_for_download": False,
                                           "download.default_directory": str(DOWNLOADS)})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(DOWNLOADS)})
    driver.implicitly_wait(0)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def wait_for(driver, condition, timeout: float = 90.0, what: str = ""):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    def safe(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.25).until(safe)
    except Exception:
        driver.save_screenshot(str(ARTIFACTS / f"timeout-{int(time.time())}.png"))
        raise AssertionError(f"기다린 화면이 나오지 않았습니다: {what}")


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def bot_messages(driver) -> list[str]:
    return [e.text for e in css(driver, "#chatbot .bot.message")]


def ask(driver, question: str, marks: tuple[str, ...] = ("출처",)) -> str:
    """Ask and wait until the answer is done: listed with its citation chips (or, with
    marks=("참고 자료",), the nearest passages of a refusal)."""
    from selenium.webdriver.common.keys import Keys

    n = len(bot_messages(driver))
    box = wait_for(driver, lambda d: (css(d, "#question textarea") or [None])[0], what="질문 입력창")
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    # the answer is done when its citation chips (or related material) are listed
    wait_for(driver, lambda d: len(bot_messages(d)) > n and any(m in bot_messages(d)[-1] for m in marks)
             and css(d, "#citation-chips label"), what=f"'{question}'의 답과 출처 칩")
    return bot_messages(driver)[-1]


def test_a_figure_answer_opens_its_table_cell_in_the_source_viewer(browser, live_app):
    browser.get(live_app.url)
    answer = ask(browser, "의정 정보화 지원 사업 예산현액은 얼마예요?")
    assert "545,239" in answer and "[1]" in answer
    chips = css(browser, "#citation-chips label")
    assert chips[0].text.startswith("[1]")
    assert not css(browser, "#source-view .hl"), "nothing is highlighted before a chip is clicked"
    browser.save_screenshot(str(ARTIFACTS / "01-answer.png"))

    chips[0].click()
    cell = wait_for(browser, lambda d: (css(d, "#source-view td.hl-cell") or [None])[0], what="강조된 표 셀")
    assert cell.text == "545,239"
    notes = css(browser, "#source-view .cell-notes")[0].text
    assert "천원" in notes and "2021-04-25" in notes, notes
    lines = [e.text for e in css(browser, "#source-view li.hl")]
    assert any("545,239" in t for t in lines), lines
    assert len(css(browser, "#source-view .source-lines li")) > len(lines), "context lines around the cited row"
    browser.save_screenshot(str(ARTIFACTS / "02-source.png"))


def test_a_follow_up_shows_how_it_was_read_and_feedback_is_logged(browser, live_app):
    answer = ask(browser, "그 항목 집행률은요?")
    assert "38.5" in answer
    assert "이렇게 이해했습니다" in answer and "의정 정보화" in answer
    browser.save_screenshot(str(ARTIFACTS / "03-follow-up.png"))

    log = live_app.index_dir / "feedback.jsonl"
    before = log.read_text(encoding="utf-8").count("\n") if log.exists() else 0
    dislike = css(browser, "#chatbot button[aria-label='싫어요']")
    assert dislike, "👎 button on answers"
    dislike[-1].click()
    wait_for(browser, lambda d: log.exists() and log.read_text(encoding="utf-8").count("\n") > before,
             timeout=30, what="feedback.jsonl에 기록")
    record = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "down"
    assert record["question"] == "그 항목 집행률은요?" and "38.5" in record["answer"]
    assert record["citations"] and record["citations"][0]["doc"]


def test_new_conversation_forgets_the_previous_topic(browser, live_app):
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "#new-conversation").click()
    wait_for(browser, lambda d: not bot_messages(d), timeout=30, what="빈 대화")
    answer = ask(browser, "의정모니터 운영 예산은 얼마예요?")
    follow = ask(browser, "그 항목 집행률은요?")
    assert "의정 정보화" not in follow and "의정모니터" in follow, (answer, follow)


# ---------------------------------------------------------------------- conversations that last
def conversation_titles(driver) -> list[str]:
    return [e.text for e in css(driver, "#conversation-list label")]


def start_new(driver) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, "#new-conversation").click()
    wait_for(driver, lambda d: not bot_messages(d), timeout=30, what="빈 대화")


def highlighted_cells(driver) -> list[str]:
    css(driver, "#citation-chips label")[0].click()
    wait_for(driver, lambda d: css(d, "#source-view td.hl-cell"), what="강조된 표 셀")
    return [e.text for e in css(driver, "#source-view td.hl-cell")]


def test_a_reload_keeps_the_conversation_and_its_citations(browser, live_app):
    start_new(browser)
    first = ask(browser, "의정 정보화 지원 사업 예산현액은 얼마예요?")
    second = ask(browser, "그 항목 집행률은요?")
    chips_before = [e.text for e in css(browser, "#citation-chips label")]
    cells_before = highlighted_cells(browser)
    assert "38.5" in cells_before

    browser.refresh()
    wait_for(browser, lambda d: bot_messages(d) == [first, second], what="다시 불러온 뒤 같은 대화")
    wait_for(browser, lambda d: css(d, "#citation-chips label"), what="다시 불러온 뒤 출처 칩")
    assert [e.text for e in css(browser, "#citation-chips label")] == chips_before
    assert "출처" in bot_messages(browser)[-1] and "38.5" in bot_messages(browser)[-1]
    assert conversation_titles(browser)[0].startswith("의정 정보화 지원 사업 예산현액은 얼마예요?")
    assert highlighted_cells(browser) == cells_before, "the citation opens the same cells as before the reload"
    browser.save_screenshot(str(ARTIFACTS / "04-after-reload.png"))


def test_the_exported_conversation_holds_every_answer_with_its_citation_text(browser, live_app):
    import gradio_client

    for f in DOWNLOADS.iterdir():
        f.unlink()
    css(browser, "#export-conversation")[0].click()
    done = wait_for(browser, lambda d: [f for f in DOWNLOADS.glob("*.md")], timeout=30, what="내려받은 Markdown 파일")
    md = done[0].read_text(encoding="utf-8")
    assert done[0].name.startswith("대화-의정_정보화_지원")
    sid = md.split("대화 id: ", 1)[1].split()[0]
    turns = gradio_client.Client(live_app.url, verbose=False).predict(sid, api_name="/history")["turns"]
    assert [t["question"] for t in turns] == ["의정 정보화 지원 사업 예산현액은 얼마예요?", "그 항목 집행률은요?"]
    for turn in turns:
        assert turn["answer"] in md
        for c in turn["citations"]:
            assert c["title"] in md and f"{c['lines'][0]}–{c['lines'][1]}행" in md
            for line in c["text"].splitlines():
                assert " | ".join(line.split("\t")).rstrip(" |") in md, line
    assert "545,239" in md and "38.5" in md


def test_the_trash_icon_resets_like_new_conversation_and_the_old_one_can_be_reopened(browser, live_app):
    before = bot_messages(browser)
    trash = [b for b in css(browser, "#chatbot button") if b.get_attribute("aria-label") == "대화 지우기"]
    assert trash, "the chat's trash icon"
    trash[0].click()
    wait_for(browser, lambda d: not bot_messages(d), timeout=30, what="휴지통 뒤 빈 대화")
    follow = ask(browser, "그 항목 집행률은요?", marks=("출처", "참고 자료"))
    assert "38.5" not in follow and "의정 정보화 지원 집행률" not in follow, "the follow-up context went too"

    titles = conversation_titles(browser)
    assert titles[0].startswith("그 항목 집행률은요?")
    old = next(e for e in css(browser, "#conversation-list label") if e.text.startswith("의정 정보화 지원 사업"))
    old.click()
    wait_for(browser, lambda d: bot_messages(d) == before, what="다시 연 대화")
    again = ask(browser, "그 사업 예산현액은?")
    assert "545,239" in again, "a reopened conversation continues where it was"


def test_a_conversation_can_be_renamed_and_deleted(browser, live_app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = browser.find_element(By.CSS_SELECTOR, "#conversation-title input, #conversation-title textarea")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("정보화 예산 검토")
    browser.find_element(By.CSS_SELECTOR, "#rename-conversation").click()
    wait_for(browser, lambda d: conversation_titles(d)[0].startswith("정보화 예산 검토"), timeout=30, what="바뀐 이름")
    browser.save_screenshot(str(ARTIFACTS / "05-conversations.png"))

    n = len(conversation_titles(browser))
    browser.find_element(By.CSS_SELECTOR, "#delete-conversation").click()
    wait_for(browser, lambda d: not bot_messages(d) and len(conversation_titles(d)) == n - 1, timeout=30,
             what="지운 대화")
    assert not any(t.startswith("정보화 예산 검토") for t in conversation_titles(browser))
    browser.refresh()
    wait_for(browser, lambda d: css(d, "#question textarea"), what="다시 불러온 화면")
    assert not bot_messages(browser) and not any(t.startswith("정보화 예산 검토") for t in conversation_titles(browser))


# ---------------------------------------------------------------------- Korean everywhere
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def button_labels(driver) -> set[str]:
    """What a screen reader or a hover says of each visible button."""
    return {b.get_attribute("aria-label") or b.get_attribute("title") or "" for b in css(driver, "button")
            if b.is_displayed()} - {""}


def test_every_button_is_korean_although_the_browser_is_english(browser, live_app):
    from selenium.webdriver.common.by import By

    assert browser.execute_script("return document.documentElement.lang") == "ko"
    ask(browser, "의정모니터 운영 예산은 얼마예요?")
    labels = button_labels(browser)
    assert {"답 복사", "좋아요", "싫어요", "대화 지우기", "대화 목록 열기·닫기"} <= labels, labels
    assert not [t for t in labels if LATIN_WORD.search(t)], labels

    next(b for b in css(browser, "button[role='tab']") if b.text.strip() == "문서").click()
    upload = wait_for(browser, lambda d: (css(d, "#upload") or [None])[0], what="문서 탭의 업로드 칸")
    wait_for(browser, lambda d: "파일을 여기에" in upload.text, timeout=30, what="한국어 업로드 안내")
    assert "Drop File Here" not in upload.text and "Click to Upload" not in upload.text, upload.text
    labels = button_labels(browser)
    assert not [t for t in labels if LATIN_WORD.search(t)], labels
    browser.save_screenshot(str(ARTIFACTS / "06-documents-korean.png"))
    next(b for b in css(browser, "button[role='tab']") if b.text.strip() == "질문하기").click()
    browser.find_element(By.CSS_SELECTOR, "#question textarea")
