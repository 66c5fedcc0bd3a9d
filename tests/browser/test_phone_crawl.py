"""Every page each demo role reaches works on a 360 x 740 phone (issue 10's first "done when").

The crawl starts at each role's first page, follows same-origin GET links (bounded; never
log out, downloads or the API) and checks on every page: no sideways scrolling, a header of at
most 120 px, every visible control at least 24 px high (44 px for the main actions), and no
word in a heading broken over two lines. The open menu of each role is checked the same way
and with axe.
"""

from __future__ import annotations

from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.browser.conftest import LiveServer, login_as, open_menu, serious_violations

PHONE = {"width": 360, "height": 740}
MAX_PAGES_PER_ROLE = 30
MAX_HEADER_PX = 120
#: Role -> demo account (None: a visitor who is not signed in).
ROLES: dict[str, str | None] = {
    "visitor": None,
    "youth": "jongere@example.org",
    "peer_expert": "lotte@example.org",
    "coordinator": "coordinator@example.org",
    "team_member": "team@example.org",
    "admin": "admin@example.org",
}
SKIP_PATH_PARTS = ("/logout", "/api/", "/static/", ".ics", ".csv", "/export")

#: Measured in the page: returns a list of problems in words (empty when the page is fine).
CHECK_PAGE = """
({maxHeader}) => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    const wide = [...document.querySelectorAll('body *')]
      .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''));
    problems.push(`scrolls sideways: ${doc.scrollWidth}px wide (${wide.join(', ')})`);
  }
  const header = document.querySelector('body > header');
  const headerHeight = header ? header.getBoundingClientRect().height : 0;
  if (!header) problems.push('no header');
  else if (headerHeight > maxHeader) problems.push(`header ${Math.round(headerHeight)}px tall`);
  const visible = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && el.getBoundingClientRect().width > 0;
  const primary = 'main :is(button, [type=submit], [role=button]):not(.secondary, .outline, .contrast), [data-primary]';
  const controls = 'button, select, textarea, input:not([type=hidden]), summary, [role=button], header nav a';
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el)) continue;
    const height = el.getBoundingClientRect().height;
    const min = el.matches(primary) ? 44 : 24;
    if (height < min - 0.5) {
      const name = (el.innerText || el.value || el.name || el.id || '').trim().slice(0, 30);
      problems.push(`${el.tagName.toLowerCase()} "${name}" is ${Math.round(height)}px high (< ${min})`);
    }
  }
  for (const heading of document.querySelectorAll('h1, h2, h3')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-\u2010]{6,}/g;  // a break after a real hyphen is fine
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) problems.push(`heading word "${m[0]}" breaks over two lines`);
      }
    }
  }
  return {problems, headerHeight};
}
"""

COLLECT_LINKS = "() => [...document.querySelectorAll('a[href]:not([download])')].map(a => a.href)"


def _should_follow(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return False
    return not any(part in parts.path for part in SKIP_PATH_PARTS)


def _check(page: Any, where: str, found: dict[str, list[str]]) -> float:
    result = page.evaluate(CHECK_PAGE, {"maxHeader": MAX_HEADER_PX})
    if result["problems"]:
        found[where] = result["problems"]
    return float(result["headerHeight"])


def crawl(browser: Any, base: str, email: str | None) -> tuple[list[str], dict[str, list[str]]]:
    """Visit what this person can reach from their first page; return pages and problems."""
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found: dict[str, list[str]] = {}
    if email:
        login_as(page, base, email)
        start = f"{base}/dashboard"
    else:
        start = f"{base}/"
    page.goto(start)
    # The closed menu hides its links; open it once to measure them (and let axe see it).
    open_menu(page)
    _check(page, "menu (open)", found)
    violations = serious_violations(page)
    if violations:
        found["menu (open), axe"] = [str(v) for v in violations]
    queue: deque[str] = deque([start])
    seen = {start}
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        response = page.goto(url)
        visited.append(url)
        path = url.removeprefix(base)
        if response is None or response.status != 200:
            found[path] = [f"status {response.status if response else 'none'}"]
            continue
        _check(page, path, found)
        for href in page.evaluate(COLLECT_LINKS):
            link = urldefrag(href).url
            if link not in seen and _should_follow(link, base):
                seen.add(link)
                queue.append(link)
    context.close()
    return visited, found


@pytest.mark.parametrize("role", list(ROLES))
def test_every_reachable_page_fits_a_phone(
    browser: Any, live_server: LiveServer, role: str
) -> None:
    visited, problems = crawl(browser, live_server.url, ROLES[role])
    assert len(visited) >= 2, visited  # the crawl really went somewhere
    assert problems == {}


def test_the_longest_dutch_heading_words_stay_whole_on_a_phone(
    browser: Any, live_server: LiveServer
) -> None:
    """The type scale, not luck with the crawled pages: the long words of real headings
    ("Ervaringsdeskundigen ...", the candidates page's H1) fit 360 px unbroken."""
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          for (const [tag, text] of [
            ['h1', 'Ervaringsdeskundigen die passen bij je vraag'],
            ['h1', 'Ervaringsdeskundigen'],
            ['h2', 'Ervaringsdeskundigen voor je team'],
          ]) {
            const el = document.createElement(tag);
            el.textContent = text;
            main.prepend(el);
          }
        }"""
    )
    result = page.evaluate(CHECK_PAGE, {"maxHeader": MAX_HEADER_PX})
    assert result["problems"] == []
    # A word no screen can hold (a long name) wraps inside the page instead of widening it.
    page.evaluate(
        "() => { const h = document.createElement('h1');"
        " h.textContent = 'Hoi Ervaringsdeskundigheidsbevorderingsprogramma!';"
        " document.querySelector('main').prepend(h); }"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
