"""A staff member in a real browser (Debian's chromium, headless): asks a figure question, sees the
answer with a citation chip, clicks it and sees the cited cell highlighted with its unit; asks a
follow-up and sees how it was read; marks an answer 👎 and finds it in the feedback log.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium/chromedriver가 없습니다: `make browser` (apt-get install chromium chromium-driver)로 설치하세요.")
    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1500,1000",
                "--lang=ko-KR"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
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


def ask(driver, question: str) -> str:
    from selenium.webdriver.common.keys import Keys

    n = len(bot_messages(driver))
    box = wait_for(driver, lambda d: (css(d, "#question textarea") or [None])[0], what="질문 입력창")
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    # the answer is done when its citation chips (or related material) are listed
    wait_for(driver, lambda d: len(bot_messages(d)) > n and "출처" in bot_messages(d)[-1]
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
    dislike = css(browser, "#chatbot button[aria-label='Dislike']")
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
