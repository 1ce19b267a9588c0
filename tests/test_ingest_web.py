"""Web sources: HTML pages, feeds, fetching, watching, and URLs and .html files as inputs.

Everything goes through a real HTTP server on 127.0.0.1 serving tests/data/web/ (no mocks
of urllib); its handler checks conditional headers and can fail on purpose."""
from __future__ import annotations

import gzip
import threading
import time
import urllib.parse
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rasid.errors import (
    BadFeed, FeedConfigError, FetchError, FetchFailed, InputError, NoMainText, NotAPage, NotArabic, UnsupportedFile,
)
from rasid.ingest import IngestSettings, read_inputs
from rasid.ingest.feeds import FeedState, feed_date, is_feed, parse_feed, poll_feed
from rasid.ingest.html import article_from_html, decode_html, strip_boilerplate
from rasid.ingest.http import USER_AGENT, FetchOptions, fetch
from rasid.ingest.watch import FeedConfig, MemoryFeedStates, load_feeds, watch
from rasid.model import Article, RawInput

WEB = Path(__file__).parent / "data" / "web"
PLACEHOLDER = "http://rasid.test"  # the fixtures' host, replaced by the test server's address
FAST = FetchOptions(timeout=2.0, retries=3, backoff=0.01, max_retry_after=0.2, allow_private_hosts=True)  # a local site
SETTINGS = IngestSettings(fetch=FAST)
LAST_MODIFIED = "Sat, 22 Jan 2022 10:00:00 GMT"
BOILERPLATE = ["اقرأ أيضا", "اقرأ المزيد", "شارك", "تابعونا", "جميع الحقوق محفوظة", "أضف تعليقك", "التعليقات",
               "الله يحمي", "الرئيسية", "أخبار ذات صلة", "مقتل مدنيين بقصف", "الوسوم", "فيسبوك"]


# --- the test site ------------------------------------------------------------------------

class Site:
    """What the server saw: request counts and headers per path."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, list[dict[str, str]]] = {}

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        self.hits.clear()
        self.headers.clear()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = urllib.parse.unquote(self.path)
            site.hits[path] += 1
            site.headers.setdefault(path, []).append(dict(self.headers.items()))
            n = site.hits[path]
            if path in ("/feed.xml", "/atom.xml", "/feed-as-html.xml"):
                kind = {"/feed.xml": "application/rss+xml", "/atom.xml": "application/atom+xml",
                        "/feed-as-html.xml": "text/html"}[path]
                return self.feed(path.replace("-as-html", ""), kind)
            if path.startswith("/news/"):
                charset = "" if "cp1256" in path else "; charset=utf-8"  # the cp1256 page says so itself
                return self.file(path[len("/news/"):], "text/html" + charset)
            if path == "/flaky" and n <= 2 or path == "/down.xml":
                return self.send(503 if path == "/flaky" else 500, b"<h1>Service unavailable</h1>", "text/html")
            if path == "/flaky":
                return self.file("clashes.html", "text/html; charset=utf-8")
            if path == "/busy" and n == 1:
                return self.send(429, b"slow down", "text/plain", {"Retry-After": "0"})
            if path == "/busy":
                return self.file("clashes.html", "text/html; charset=utf-8")
            if path == "/slow":
                time.sleep(0.5)
                return self.file("clashes.html", "text/html; charset=utf-8")
            if path == "/gzip":
                body = gzip.compress((WEB / "clashes.html").read_bytes())
                return self.send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
            if path == "/big":
                return self.send(200, b"<p>" + "قصف ".encode() * 50_000 + b"</p>", "text/html; charset=utf-8")
            if path == "/moved":
                return self.send(301, b"", "text/html", {"Location": "/news/clashes.html"})
            if path == "/أخبار/اشتباكات الحسكة.html":
                return self.file("clashes.html", "text/html; charset=utf-8")
            if path == "/image.png":
                return self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "image/png")
            if path == "/empty-feed.xml":
                return self.send(200, b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                                      b"</channel></rss>", "application/rss+xml")
            return self.send(404, b"<h1>not found</h1>", "text/html")

        def feed(self, name: str, content_type: str) -> None:
            body = (WEB / name.lstrip("/")).read_bytes().replace(PLACEHOLDER.encode(), site.base.encode())
            etag = f'"{len(body)}-v1"'
            if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                return self.send(304, b"", content_type, {"ETag": etag})
            self.send(200, body, content_type, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

        def file(self, name: str, content_type: str) -> None:
            path = WEB / name
            if not path.is_file():
                return self.send(404, b"<h1>not found</h1>", "text/html")
            self.send(200, path.read_bytes(), content_type)

        def send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    return Handler


@pytest.fixture(scope="module")
def server():
    site = Site("")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    httpd.daemon_threads = True
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site(server) -> Site:
    server.reset()
    return server


def page(name: str) -> bytes:
    return (WEB / name).read_bytes()


# --- HTML pages ---------------------------------------------------------------------------

def test_page_keeps_the_article_and_drops_menus_links_share_bars_and_comments():
    article = article_from_html(page("clashes.html"), url=None, where="clashes.html")
    assert isinstance(article, Article), article
    title = "اشتباكات عنيفة في محيط سجن غويران بالحسكة"
    assert article.title == title
    assert article.text.startswith(title + "\n\nتجددت الاشتباكات صباح السبت")
    assert "قتلوا خلال المواجهات" in article.text and "نقص حاد في المواد الغذائية" in article.text
    assert article.text.count(title) == 1  # the <h1> is not repeated in the body
    for phrase in BOILERPLATE:
        assert phrase not in article.text, phrase
    assert len(article.text.split("\n\n", 1)[1].splitlines()) == 4  # the four paragraphs, one a line
    assert article.published == date(2022, 1, 22)  # article:published_time, not the modified time
    assert article.url == "http://rasid.test/news/clashes.html"  # the page's canonical link
    assert article.outlet == "rasid.test" and article.origin == "clashes.html"


def test_cp1256_page_is_decoded_by_its_meta_charset():
    data = page("raqqa-cp1256.html")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = article_from_html(data, url="https://www.example.com/a/1", where="raqqa")
    assert isinstance(article, Article), article
    assert article.title == "غارات جوية على مدينة الرقة"
    assert "بحسب المرصد السوري لحقوق الإنسان" in article.text
    assert "اقرأ أيضاً" not in article.text and "شارك هذا الخبر" not in article.text
    assert "جميع الحقوق" not in article.text and "اتصل بنا" not in article.text
    assert article.published == date(2015, 7, 21)
    assert article.outlet == "example.com" and article.doc_id.startswith("example.com-")
    again = article_from_html(data, url="https://www.example.com/a/1#top", where="elsewhere")
    assert again.doc_id == article.doc_id  # stable: from the URL, not from where it was read


def test_a_page_without_a_markup_date_takes_the_callers_date():
    data = page("nodate.html")
    assert article_from_html(data, url=None, where="nodate.html").published is None  # أمس in the text is not a date of the page
    article = article_from_html(data, url=None, where="nodate.html", published=date(2022, 1, 21))
    assert article.published == date(2022, 1, 21)
    assert "كن أول من يعلق" not in article.text and "تابعونا" not in article.text
    assert article.doc_id == "nodate" and article.url is None and article.outlet is None


def test_a_page_without_a_title_takes_its_first_line():
    first = "شن طيران التحالف غارات على مواقع التنظيم في ريف الرقة الشمالي وأسفرت عن مقتل عشرة مسلحين."
    second = "وقال المرصد إن الغارات استهدفت مقرات ومستودعات للأسلحة قرب بلدة عين عيسى في الريف الشمالي."
    article = article_from_html(f"<html><body><div><p>{first}</p><p>{second}</p></div></body></html>".encode(),
                                url=None, where="untitled.html")
    assert article.title == first and article.text == f"{first}\n\n{second}"


@pytest.mark.parametrize("data, error, words", [
    (page("english.html"), NotArabic, "Arabic"),
    (page("menu-only.html"), NoMainText, "no article text"),
    (b"", NoMainText, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), NotAPage, "binary"),
    (b'{"title": "\xd8\xba\xd8\xa7\xd8\xb1\xd8\xa7\xd8\xaa"}', NotAPage, "HTML"),
    (page("feed.xml"), NotAPage, "feed"),
])
def test_what_is_not_an_arabic_article_page_is_an_input_error(data, error, words):
    problem = article_from_html(data, url=None, where="in.html")
    assert type(problem) is error and words in problem.reason and problem.where == "in.html"


@pytest.mark.parametrize("line, dropped", [
    ("اقرأ أيضاً: مقتل قيادي في التنظيم بغارة قرب تل أبيض", True),
    ("إقرأ أيضا.. نزوح عشرات العائلات", True),
    ("شارك", True),
    ("شارك في الهجوم عشرات المسلحين من التنظيم", False),  # شارك alone is a button; here it is news
    ("© 2022 شبكة الأخبار. جميع الحقوق محفوظة", True),
    ("تابعونا على تويتر", True),
    ("الوسوم: الحسكة، داعش", True),
    ("...", True),
    ("وأكد المصدر أن القصف طال مواقع عدة، وأن جميع الحقوق محفوظة للمتضررين في المطالبة بالتعويض"
     " عن الأضرار التي لحقت بمنازلهم وممتلكاتهم خلال المعارك", False),  # a long line is news
])
def test_boilerplate_lines(line, dropped):
    kept = strip_boilerplate(f"نص الخبر الأول\n{line}\nنص الخبر الثاني")
    assert (line not in kept) == dropped


def test_a_comment_box_heading_drops_everything_after_it():
    assert strip_boilerplate("فقرة أولى\nفقرة ثانية\nأضف تعليقك\nتعليق قارئ طويل") == "فقرة أولى\nفقرة ثانية"


def test_decoding_order():
    text = "قصف على حلب"
    assert decode_html(text.encode("cp1256")) == text  # undeclared and not UTF-8: cp1256
    assert decode_html(b"\xef\xbb\xbf" + text.encode()) == text
    meta_says_utf8 = b'<meta charset="utf-8">' + text.encode("cp1256")
    assert decode_html(meta_says_utf8).endswith(text)  # a wrong declaration falls back
    assert decode_html(text.encode("cp1256"), charset="windows-1256") == text
    assert decode_html(text.encode("utf-8"), charset="no-such-charset") == text


# --- feeds --------------------------------------------------------------------------------

def test_rss_entries_with_arabic_dates_and_a_relative_link():
    entries = parse_feed(page("feed.xml"), "http://rasid.test/feed.xml")
    assert [e.url for e in entries] == ["http://rasid.test/news/clashes.html", "http://rasid.test/news/nodate.html",
                                        "http://rasid.test/news/raqqa-cp1256.html"]
    assert [e.published for e in entries] == [date(2022, 1, 22), date(2022, 1, 21), date(2015, 7, 21)]
    assert entries[0].title == "اشتباكات عنيفة في محيط سجن غويران بالحسكة"
    assert entries[0].summary == "تجددت الاشتباكات صباح السبت بين قسد وتنظيم داعش في محيط سجن الصناعة."


def test_atom_entries():
    entries = parse_feed(page("atom.xml"), "http://rasid.test/atom.xml")
    assert [(e.url.rsplit("/", 1)[1], e.published) for e in entries] == [
        ("clashes.html", date(2022, 1, 22)), ("nodate.html", date(2022, 1, 23))]
    assert entries[1].title == "انفجار عبوة ناسفة في ريف درعا الغربي"


def test_a_page_is_not_a_feed():
    assert is_feed(page("feed.xml")) and is_feed(b"", "application/atom+xml") and not is_feed(page("clashes.html"))
    with pytest.raises(BadFeed):
        parse_feed(page("clashes.html"), "http://rasid.test/x")


@pytest.mark.parametrize("raw, day", [
    ("Sat, 22 Jan 2022 01:00:00 +0300", date(2022, 1, 22)),  # the publisher's day, not UTC's (21st)
    ("2022-01-22T09:15:00+03:00", date(2022, 1, 22)),
    ("الجمعة 21 يناير 2022 - 06:30 م", date(2022, 1, 21)),
    ("٢١ تموز ٢٠١٥", date(2015, 7, 21)),
    ("الأحد، 23 كانون الثاني/يناير 2022", date(2022, 1, 23)),
    ("22/01/2022 10:00", date(2022, 1, 22)),
    ("أمس", None),  # relative: no day without a reference
    ("يوليو 2015", None),  # a month is not a day
    ("21 يناير", None),  # no year
])
def test_feed_dates(raw, day):
    assert feed_date(raw) == day


# --- fetching -----------------------------------------------------------------------------

def test_fetch_sends_a_user_agent_and_returns_the_page(site):
    result = fetch(site.url("/news/clashes.html"), **FAST.kwargs())
    assert result.status == 200 and result.body == page("clashes.html") and not result.not_modified
    assert result.content_type == "text/html" and result.charset == "utf-8" and result.attempts == 1
    (headers,) = site.headers["/news/clashes.html"]
    assert headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("rasid/")


def test_an_arabic_url_is_percent_encoded(site):
    result = fetch(site.url("/أخبار/اشتباكات الحسكة.html"), **FAST.kwargs())
    assert result.status == 200 and site.hits["/أخبار/اشتباكات الحسكة.html"] == 1
    with pytest.raises(FetchError, match="not a valid URL"):
        fetch("http:///no-host")


def test_conditional_fetch_gets_304(site):
    first = fetch(site.url("/feed.xml"), **FAST.kwargs())
    assert first.etag and first.last_modified == LAST_MODIFIED
    by_etag = fetch(site.url("/feed.xml"), etag=first.etag, **FAST.kwargs())
    by_date = fetch(site.url("/feed.xml"), last_modified=first.last_modified, **FAST.kwargs())
    assert by_etag.not_modified and by_etag.status == 304 and by_etag.body == b""
    assert by_date.not_modified
    assert site.headers["/feed.xml"][1]["If-None-Match"] == first.etag


def test_5xx_is_retried_with_backoff(site):
    result = fetch(site.url("/flaky"), **FAST.kwargs())
    assert result.status == 200 and result.attempts == 3 and site.hits["/flaky"] == 3


def test_429_waits_as_asked_then_succeeds(site):
    assert fetch(site.url("/busy"), **FAST.kwargs()).attempts == 2


def test_404_fails_at_once(site):
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/missing"), **FAST.kwargs())
    assert caught.value.status == 404 and caught.value.attempts == 1 and site.hits["/missing"] == 1
    assert caught.value.reason == "HTTP 404 Not Found"


def test_retries_run_out(site):
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/down.xml"), timeout=2.0, retries=2, backoff=0.01, allow_private_hosts=True)
    assert caught.value.status == 500 and caught.value.attempts == 3 and "gave up after 3" in caught.value.reason


def test_timeouts_and_refused_connections_fail_cleanly(site):
    with pytest.raises(FetchError, match="timed out"):
        fetch(site.url("/slow"), timeout=0.1, retries=1, backoff=0.01, allow_private_hosts=True)
    with pytest.raises(FetchError, match="cannot connect") as caught:
        fetch("http://127.0.0.1:9/", timeout=1.0, retries=1, backoff=0.01, allow_private_hosts=True)
    assert caught.value.status is None and caught.value.attempts == 2
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd")


def test_size_cap_gzip_and_redirects(site):
    with pytest.raises(FetchError, match="over the limit"):
        fetch(site.url("/big"), max_bytes=10_000, **{k: v for k, v in FAST.kwargs().items() if k != "max_bytes"})
    assert fetch(site.url("/gzip"), **FAST.kwargs()).body == page("clashes.html")
    moved = fetch(site.url("/moved"), **FAST.kwargs())
    assert moved.url == site.url("/news/clashes.html") and moved.status == 200


# --- polling ------------------------------------------------------------------------------

def test_second_poll_is_not_modified(site):
    now = datetime(2022, 1, 22, 12, tzinfo=timezone.utc)
    first = poll_feed(site.url("/feed.xml"), None, interval=600, now=now, options=FAST)
    assert first.problem is None and len(first.entries) == 3
    assert first.state.last_status == "ok" and first.state.etag and first.state.entries_seen == 3
    assert first.state.next_due == now + timedelta(seconds=600)
    later = now + timedelta(minutes=10)
    second = poll_feed(site.url("/feed.xml"), first.state, interval=600, now=later, options=FAST)
    assert second.entries == [] and second.problem is None
    assert second.state.last_status == "not_modified" and second.state.etag == first.state.etag
    assert second.state.last_checked == later and second.state.entries_seen == 3
    assert site.headers["/feed.xml"][1]["If-Modified-Since"] == LAST_MODIFIED
    # a server that only knows dates answers 304 too
    by_date = FeedState(url=site.url("/feed.xml"), last_modified=LAST_MODIFIED)
    assert poll_feed(site.url("/feed.xml"), by_date, options=FAST).state.last_status == "not_modified"


def test_a_failing_feed_backs_off(site):
    now = datetime(2022, 1, 22, 12, tzinfo=timezone.utc)
    options = FetchOptions(timeout=2.0, retries=0, allow_private_hosts=True)
    first = poll_feed(site.url("/down.xml"), None, interval=600, now=now, options=options)
    assert isinstance(first.problem, FetchFailed) and "HTTP 500" in first.problem.reason
    assert first.raw.data == b"", "an error page is not kept: it may be anyone's"
    assert first.state.consecutive_failures == 1 and first.state.last_status.startswith("error: HTTP 500")
    assert first.state.next_due == now + timedelta(seconds=1200)
    second = poll_feed(site.url("/down.xml"), first.state, interval=600, now=now, options=options)
    assert second.state.consecutive_failures == 2 and second.state.next_due == now + timedelta(seconds=2400)
    page_not_feed = poll_feed(site.url("/news/clashes.html"), None, options=options)
    assert isinstance(page_not_feed.problem, BadFeed) and page_not_feed.state.consecutive_failures == 1


# --- watching -----------------------------------------------------------------------------

class FakeClock:
    def __init__(self, start: float) -> None:
        self.now = start

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_watch_once_reads_the_healthy_feed_and_reports_the_failing_one(site):
    healthy = FeedConfig(url=site.url("/feed.xml"), name="rasid", outlet="Rasid Test", interval=600)
    failing = FeedConfig(url=site.url("/down.xml"), name="down", interval=600)
    states = MemoryFeedStates()
    received: list[tuple[RawInput, Article | InputError]] = []
    clock = FakeClock(datetime(2022, 1, 22, 12, tzinfo=timezone.utc).timestamp())
    report = watch([healthy, failing], states=states, on_input=lambda raw, item: received.append((raw, item)),
                   already_have=lambda url: False, once=True, clock=clock,
                   settings=IngestSettings(fetch=FetchOptions(timeout=2.0, retries=1, backoff=0.01, allow_private_hosts=True)))
    articles = [item for _, item in received if isinstance(item, Article)]
    problems = [(raw, item) for raw, item in received if isinstance(item, InputError)]
    assert sorted(a.url.rsplit("/", 1)[1] for a in articles) == ["clashes.html", "nodate.html", "raqqa-cp1256.html"]
    assert all(a.outlet == "Rasid Test" for a in articles)
    by_name = {a.url.rsplit("/", 1)[1]: a for a in articles}
    assert by_name["nodate.html"].published == date(2022, 1, 21)  # the page has none: the feed's Arabic pubDate
    assert by_name["clashes.html"].published == date(2022, 1, 22)
    ((raw, problem),) = problems
    assert isinstance(problem, FetchFailed) and problem.where == failing.url and raw.where == failing.url
    ok, down = states.get(healthy.url), states.get(failing.url)
    assert ok.last_status == "ok" and ok.consecutive_failures == 0
    assert down.consecutive_failures == 1 and down.next_due > ok.next_due
    assert (report.polls, report.articles, report.problems, report.feed_failures) == (2, 3, 1, 1)


def test_watch_skips_pages_it_already_has(site):
    states = MemoryFeedStates()
    received = []
    report = watch([FeedConfig(url=site.url("/feed.xml"), name="rasid")], states=states,
                   on_input=lambda raw, item: received.append(item),
                   already_have=lambda url: url.endswith("/clashes.html"), once=True, settings=SETTINGS)
    assert site.hits["/news/clashes.html"] == 0 and report.skipped == 1 and len(received) == 2
    # the next pass gets a 304 and fetches nothing
    report = watch([FeedConfig(url=site.url("/feed.xml"), name="rasid")], states=states,
                   on_input=lambda raw, item: received.append(item), already_have=lambda url: False,
                   once=True, settings=SETTINGS)
    assert report.not_modified == 1 and report.articles == 0 and len(received) == 2


def test_watch_runs_until_stopped_and_polls_only_due_feeds(site):
    stop = threading.Event()
    states = MemoryFeedStates()
    feeds = [FeedConfig(url=site.url("/atom.xml"), name="atom", interval=3600)]
    reports = []
    thread = threading.Thread(target=lambda: reports.append(watch(
        feeds, states=states, on_input=lambda raw, item: None, already_have=lambda url: False,
        stop=stop, settings=SETTINGS)))
    thread.start()
    deadline = time.monotonic() + 10
    while states.get(feeds[0].url) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert site.hits["/atom.xml"] == 1 and reports[0].articles == 2  # not due again within the hour


def test_watch_accepts_naive_utc_times_from_a_store(site):
    states = MemoryFeedStates()
    url = site.url("/atom.xml")
    states.put(FeedState(url=url, next_due=datetime(2099, 1, 1)))  # as SQLite gives it back: no zone
    clock = FakeClock(datetime(2022, 1, 22, tzinfo=timezone.utc).timestamp())
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()  # watch waits on the event for the feed to fall due
    report = watch([FeedConfig(url=url, name="atom")], states=states, on_input=lambda raw, item: None,
                   already_have=lambda url: False, stop=stop, clock=clock, settings=SETTINGS)
    assert report.polls == 0 and site.hits[url] == 0


# --- the feeds file -----------------------------------------------------------------------

def test_load_feeds(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("interval: 600\nfeeds:\n  - url: https://example.com/rss\n    outlet: Example\n"
                    "  - url: https://www.example.org/atom.xml\n    name: Org\n    interval: 60\n"
                    "  - https://example.net/feed\n", encoding="utf-8")
    feeds = load_feeds(path)
    assert feeds == [FeedConfig("https://example.com/rss", "Example", "Example", 600.0),
                     FeedConfig("https://www.example.org/atom.xml", "Org", None, 60.0),
                     FeedConfig("https://example.net/feed", "example.net", None, 600.0)]
    path.write_text("feeds:\n  - url: https://example.com/rss\n", encoding="utf-8")
    assert load_feeds(path)[0].interval == 900.0


@pytest.mark.parametrize("text, words", [
    ("feeds:\n  - url: https://a.example/rss\n   name: bad indent\n", "not valid YAML at line 3"),
    ("- https://a.example/rss\n", "a 'feeds' list"),
    ("feeds: []\n", "non-empty list"),
    ("feeds:\n  - name: no url\n", "needs a 'url'"),
    ("feeds:\n  - url: ftp://a.example/rss\n", "http://"),
    ("feeds:\n  - url: https://a.example/rss\n    intreval: 60\n", "unknown key(s) 'intreval'"),
    ("feeds:\n  - url: https://a.example/rss\n    interval: -5\n", "positive number"),
    ("feeds:\n  - https://a.example/rss\n  - https://a.example/rss\n", "repeats"),
])
def test_a_bad_feeds_file_names_the_file_and_the_problem(tmp_path, text, words):
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FeedConfigError) as caught:
        load_feeds(path)
    assert caught.value.path == str(path) and words in caught.value.problem, caught.value.problem
    assert str(path) in str(caught.value)


def test_a_missing_feeds_file(tmp_path):
    with pytest.raises(FeedConfigError, match="cannot read"):
        load_feeds(tmp_path / "nope.yaml")


# --- URLs and .html files as inputs -------------------------------------------------------

def test_a_feed_url_yields_its_pages(site):
    units = list(read_inputs([site.url("/feed.xml")], SETTINGS))
    assert [type(item) for _, item in units] == [Article] * 3
    raw, article = units[0]
    assert raw.where == article.url == article.origin == site.url("/news/clashes.html")
    assert raw.data == page("clashes.html") and article.outlet == "127.0.0.1"
    assert article.doc_id.startswith("127.0.0.1-")


def test_a_feed_is_known_by_its_root_element_whatever_the_content_type(site):
    units = list(read_inputs([site.url("/feed-as-html.xml")], SETTINGS))
    assert len(units) == 3 and all(isinstance(item, Article) for _, item in units)


def test_a_page_url_yields_its_article(site):
    ((raw, article),) = read_inputs([site.url("/news/clashes.html")], IngestSettings(
        published=date(2000, 1, 1), fetch=FAST))
    assert isinstance(article, Article) and article.published == date(2022, 1, 22)
    ((_, nodate),) = read_inputs([site.url("/news/nodate.html")], IngestSettings(published=date(2022, 1, 21), fetch=FAST))
    assert nodate.published == date(2022, 1, 21)  # --published applies to a page without a date


def test_url_problems_are_input_errors_with_what_was_received(site):
    units = list(read_inputs([site.url("/missing"), site.url("/image.png"), site.url("/empty-feed.xml"),
                              site.url("/news/english.html")], SETTINGS))
    codes = [(raw.where.rsplit("/", 1)[1], item.code) for raw, item in units]
    assert codes == [("missing", "fetch_failed"), ("image.png", "not_a_page"), ("empty-feed.xml", "empty"),
                     ("english.html", "not_arabic")]
    assert units[0][0].data == b"" and units[1][0].data.startswith(b"\x89PNG"), "no body of a failed fetch is kept"
    assert "HTTP 404" in units[0][1].reason


def test_html_files_and_folders(tmp_path):
    for name in ("clashes.html", "english.html", "feed.xml"):
        (tmp_path / name).write_bytes(page(name))
    (tmp_path / "raqqa.HTM").write_bytes(page("raqqa-cp1256.html"))
    units = {Path(raw.where).name: (raw, item) for raw, item in read_inputs([str(tmp_path)], SETTINGS)}
    clashes = units["clashes.html"][1]
    assert isinstance(clashes, Article) and clashes.doc_id == "clashes" and clashes.published == date(2022, 1, 22)
    assert isinstance(units["raqqa.HTM"][1], Article) and units["raqqa.HTM"][1].doc_id == "raqqa"
    assert isinstance(units["english.html"][1], NotArabic) and units["english.html"][0].data == page("english.html")
    assert isinstance(units["feed.xml"][1], UnsupportedFile)
    ((_, single),) = read_inputs([str(tmp_path / "clashes.html")])
    assert single.text == clashes.text


# --- rasid watch, end to end into a store ------------------------------------------------

def test_rasid_watch_ingests_new_pages_then_finds_nothing_new(site, tmp_path):
    import subprocess
    import sys

    from sqlalchemy import create_engine, text

    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"interval: 60\nfeeds:\n  - url: {site.url('/feed.xml')}\n    name: test\n"
                     f"  - url: {site.url('/down.xml')}\n    name: down\n", encoding="utf-8")
    db = tmp_path / "rasid.db"
    command = [sys.executable, "-m", "rasid", "watch", str(feeds), "--once", "--db", str(db), "--allow-private-hosts"]
    first = subprocess.run(command, capture_output=True, timeout=120)
    assert first.returncode == 0, first.stderr.decode()
    assert "2 polls (0 not modified, 1 failed)" in first.stdout.decode() and "stored" in first.stdout.decode()
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as con:
        stored = con.execute(text("SELECT count(*) FROM articles WHERE url LIKE :u"), {"u": site.base + "%"}).scalar()
        states = dict(con.execute(text("SELECT url, consecutive_failures FROM feeds")).fetchall())
    assert stored >= 1
    assert states == {site.url("/feed.xml"): 0, site.url("/down.xml"): 1}
    second = subprocess.run(command, capture_output=True, timeout=120)
    assert second.returncode == 0, second.stderr.decode()
    assert "1 not modified" in second.stdout.decode() and "0 new pages" in second.stdout.decode()
    with engine.connect() as con:
        assert con.execute(text("SELECT count(*) FROM articles")).scalar() == stored
    engine.dispose()
