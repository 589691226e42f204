#!/usr/bin/python3
"""Browser tests of the dashboard in headless Chromium (Debian chromium, chromium-driver,
python3-selenium; run by Debian's /usr/bin/python3). A real `sitrep serve` over the example
store on a free loopback port; each test saves a screenshot under SITREP_SCREENSHOT_DIR.
Expected values come from the CLI over the same store.

Skipped (exit 77 through ctest's SKIP_RETURN_CODE) only when Chromium, its driver or selenium
is not installed."""
import json
import os
import shutil
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_util as su  # noqa: E402

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover
    webdriver = None

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
SHOTS = os.environ.get("SITREP_SCREENSHOT_DIR", os.path.join(tempfile.gettempdir(), "sitrep-shots"))
WAIT = 120 if su.SLOW else 30
TOKEN = "browser-test-token"
LAPTOP = (1366, 860)
PHONE = (390, 844)

# Written for this test: a report whose text carries markup that must show as text.
SCRIPT_ARTICLE = {
    "id": "browser-test-script",
    "published": "2021-06-07",
    "publisher": "serve test wire <b>bold</b>",
    "title": "<script>window.__sitrepPwned = 1</script> Clash near Tal Abyad",
    "text": "<script>window.__sitrepPwned = 1</script>\nGunmen attacked a police checkpoint near "
            "Tal Abyad in Raqqa province on Sunday, killing two policemen, a local source said. "
            "<img src=x onerror=\"window.__sitrepPwned = 2\">",
}


def missing_browser():
    if webdriver is None:
        return "python3-selenium is not installed"
    for path, pkg in ((CHROMIUM, "chromium"), (DRIVER, "chromium-driver")):
        if not os.path.exists(path):
            return "%s is missing (Debian %s)" % (path, pkg)
    return ""


def new_driver(profile_dir, size):
    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + profile_dir, "--window-size=%d,%d" % size):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)
    driver.set_page_load_timeout(WAIT)
    driver.set_window_size(*size)
    return driver


class DashboardTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        why = missing_browser()
        if why:
            raise unittest.SkipTest(why)
        os.makedirs(SHOTS, exist_ok=True)
        cls.tmp = tempfile.mkdtemp(prefix="sitrep-browser-")
        cls.db = su.make_store(os.path.join(cls.tmp, "examples.sqlite"))
        cls.all = su.jsonl(su.cli_events(cls.db))
        cls.server = su.Server(cls.db)
        cls.driver = new_driver(os.path.join(cls.tmp, "profile"), LAPTOP)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        code = cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        assert code == 0, cls.server.errors()

    def setUp(self):
        self.driver.set_window_size(*LAPTOP)
        self.driver.get_log("browser")  # start each test with an empty console

    # ---- helpers -------------------------------------------------------------------------

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def open(self, query=""):
        self.driver.get(self.server.base + "/" + query)
        self.wait_ready()

    def wait_ready(self):
        WebDriverWait(self.driver, WAIT).until(
            lambda d: d.execute_script("return document.body.dataset.state") == "ready")

    def wait_panel(self):
        WebDriverWait(self.driver, WAIT).until(
            lambda d: d.execute_script("return document.body.dataset.panel") == "ready")

    def shot(self, name):
        # With the base map drawn (the Natural Earth shapes come after the events).
        WebDriverWait(self.driver, WAIT).until(lambda d: d.execute_script(
            "return document.getElementById('map').dataset.basemap") == "ready")
        path = os.path.join(SHOTS, name + ".png")
        self.driver.save_screenshot(path)
        self.assertGreater(os.path.getsize(path), 1000)

    def console_errors(self):
        return [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def visible_markers(self):
        """Events on the map as drawn: single markers plus the counts of cluster icons."""
        return self.js("""
            const single = document.querySelectorAll('#map path.sitrep-marker').length;
            let clustered = 0;
            for (const c of document.querySelectorAll('#map .sitrep-cluster span'))
              clustered += parseInt(c.textContent, 10);
            return single + clustered;""")

    def wait_markers(self, n):
        try:
            WebDriverWait(self.driver, WAIT).until(lambda d: self.visible_markers() == n)
        except Exception:
            self.fail("the map shows %s events, expected %d" % (self.visible_markers(), n))

    def table_ids(self):
        return self.js("return [...document.querySelectorAll('#events tbody tr')]"
                       ".map(r => r.dataset.eventId)")

    def timeline_total(self):
        return self.js("return [...document.querySelectorAll('#timeline .tl-bar')]"
                       ".reduce((s, g) => s + parseInt(g.dataset.total, 10), 0)")

    def located(self, events):
        return [e for e in events if e["latitude"] is not None]

    # ---- tests ---------------------------------------------------------------------------

    def test_loads_without_console_errors(self):
        self.open()
        self.assertEqual(self.console_errors(), [])
        self.assertEqual(self.js("return document.querySelectorAll('#map .leaflet-basemap-pane path, "
                                 "#map path.leaflet-interactive').length > 0"), True)
        # The offline base map: Natural Earth countries drawn in their own pane.
        WebDriverWait(self.driver, WAIT).until(lambda d: d.execute_script(
            "return document.querySelectorAll('.leaflet-basemap-pane path').length") > 100)
        self.assertIn(str(len(self.all)) + " events", self.driver.find_element(By.ID, "summary").text)
        self.shot("laptop-overview")

    def test_map_shows_the_stores_events(self):
        self.open()
        located = self.located(self.all)
        self.assertEqual(self.js("return document.getElementById('map').dataset.markers"),
                         str(len(located)))
        self.wait_markers(len(located))
        self.assertEqual(sorted(self.table_ids()), sorted(e["event_id"] for e in self.all))
        # Alone on the map, an event's marker has its type's colour and grows with fatalities.
        key = lambda x: (x["country"], x["event_type"], x["event_date"])  # noqa: E731
        alone = [x for x in located if sum(1 for y in located if key(y) == key(x)) == 1]
        e = max(alone, key=lambda x: x["fatalities"] or 0)
        small = min(alone, key=lambda x: x["fatalities"] or 0)
        self.assertLess(small["fatalities"] or 0, e["fatalities"])
        for event, shot in ((e, "laptop-map-one-event"), (small, None)):
            self.open("?" + urllib.parse.urlencode({
                "country": event["country"], "type": event["event_type"],
                "from": event["event_date"], "to": event["event_date"]}))
            want = su.jsonl(su.cli_events(self.db, "--country", event["country"], "--type",
                                          event["event_type"], "--from", event["event_date"],
                                          "--to", event["event_date"]))
            self.wait_markers(len(self.located(want)))
            path = "path.sitrep-marker[data-event-id='%s']" % event["event_id"]
            WebDriverWait(self.driver, WAIT).until(
                lambda d: d.execute_script("return !!document.querySelector(\"%s\")" % path))
            fill, width = self.js("const p = document.querySelector(\"%s\"); "
                                  "return [p.getAttribute('fill'), p.getBBox().width]" % path)
            self.assertEqual(fill, su.TYPE_COLORS[event["event_type"]])
            if event is e:
                big = width
                self.shot(shot)
            else:
                self.assertLess(width, big)
        self.assertGreater(big, 14)  # 2 x (5 px + a term that grows with fatalities)
        # Clicking the marker opens its event and rings the marker.
        self.driver.find_element(By.CSS_SELECTOR, "path.sitrep-marker").click()
        self.wait_panel()
        self.assertEqual(self.js("return document.querySelectorAll('#map .selected').length"), 1)

    def select(self, name, text):
        Select(self.driver.find_element(By.ID, "f-" + name)).select_by_visible_text(text)
        self.wait_ready()

    def test_filter_changes_map_timeline_and_table(self):
        self.open()
        before = self.timeline_total()
        self.assertEqual(before, sum(1 for e in self.all if e["event_date"]))
        country = max({e["country"] for e in self.all},
                      key=lambda c: sum(1 for e in self.all if e["country"] == c))
        self.select("country", country)
        want = su.jsonl(su.cli_events(self.db, "--country", country))
        self.assertLess(len(want), len(self.all))
        self.assertEqual(sorted(self.table_ids()), sorted(e["event_id"] for e in want))
        self.wait_markers(len(self.located(want)))
        self.assertEqual(self.timeline_total(), sum(1 for e in want if e["event_date"]))
        self.assertIn("country=" + country, self.driver.current_url)
        self.shot("laptop-filtered")
        # The URL is the view: opened afresh, it shows the same.
        url = self.driver.current_url
        self.driver.get("about:blank")
        self.driver.get(url)
        self.wait_ready()
        self.assertEqual(self.js("return document.getElementById('f-country').value"), country)
        self.assertEqual(sorted(self.table_ids()), sorted(e["event_id"] for e in want))
        # The CSV link exports what the filters select.
        href = self.driver.find_element(By.ID, "export-csv").get_attribute("href")
        status, _, body = self.server.request("GET", href[len(self.server.base):])
        self.assertEqual(status, 200)
        self.assertEqual(body, su.cli_events(self.db, "--country", country, fmt="csv"))
        self.assertEqual(self.console_errors(), [])

    def test_brush_sets_the_date_range(self):
        self.open()
        svg = self.driver.find_element(By.ID, "timeline")
        bars = self.driver.find_elements(By.CSS_SELECTOR, "#timeline .tl-bar")
        self.assertGreater(len(bars), 3)
        # Drag from the left edge of the plot to its middle.
        width = svg.size["width"]
        ActionChains(self.driver).move_to_element_with_offset(svg, -width // 2 + 40, 0) \
            .click_and_hold().move_by_offset(width // 3, 0).release().perform()
        self.wait_ready()
        f, t = self.js("return [document.getElementById('f-from').value, "
                       "document.getElementById('f-to').value]")
        self.assertTrue(f and t and f <= t, (f, t))
        self.assertIn("from=" + f, self.driver.current_url)
        want = su.jsonl(su.cli_events(self.db, "--from", f, "--to", t))
        self.assertTrue(want)
        self.assertLess(len(want), len(self.all))
        self.assertEqual(sorted(self.table_ids()), sorted(e["event_id"] for e in want))
        # The timeline still shows every day, with the chosen range marked.
        self.assertEqual(self.timeline_total(), sum(1 for e in self.all if e["event_date"]))
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#timeline .tl-range")), 1)
        self.shot("laptop-brushed")
        # A click clears the range.
        ActionChains(self.driver).move_to_element(svg).click().perform()
        self.wait_ready()
        self.assertEqual(len(self.table_ids()), len(self.all))

    def test_click_event_highlights_evidence(self):
        self.open()
        merged = max(self.all, key=lambda e: len(e["article_ids"]))
        self.assertGreaterEqual(len(merged["article_ids"]), 2)
        self.driver.find_element(By.CSS_SELECTOR, "#events tr[data-event-id='%s']" % merged["event_id"]).click()
        self.wait_panel()
        self.assertIn("event=" + merged["event_id"], self.driver.current_url)
        reports = self.driver.find_elements(By.CSS_SELECTOR, "#panel .report")
        self.assertEqual(sorted(r.get_attribute("data-article-id") for r in reports),
                         sorted(merged["article_ids"]))
        for report in reports:
            article = self.server.get_json("/api/articles/" + report.get_attribute("data-article-id"))
            spans = [x for x in article["spans"] if x["event_id"] == merged["event_id"]]
            self.assertTrue(spans)
            # The text as shown is the article's text, and the marks, in code points, are
            # exactly the evidence spans, each named by the fields it is evidence of.
            shown, marks = self.js("""
                const node = arguments[0].querySelector('.report-text');
                const marks = []; let pos = 0;
                for (const n of node.childNodes) {
                  const len = Array.from(n.textContent).length;
                  if (n.nodeName === 'MARK') marks.push([pos, pos + len, n.dataset.fields.split(' ')]);
                  pos += len;
                }
                return [node.textContent, marks];""", report)
            self.assertEqual(shown, article["text"])
            self.assertTrue(marks)
            marked = {i for a, b, _ in marks for i in range(a, b)}
            self.assertEqual(marked, {i for x in spans for i in range(x["start"], x["end"])})
            for a, b, fields in marks:
                covering = {x["field"] for x in spans if x["start"] <= a and x["end"] >= b}
                self.assertEqual(set(fields), covering)
        # The sources' claims side by side, each with its figures or its words.
        cards = self.driver.find_elements(By.CSS_SELECTOR, "#panel .claim")
        self.assertEqual(len(cards), len(merged["claims"]))
        for card, claim in zip(cards, merged["claims"]):
            self.assertEqual(card.get_attribute("data-source"), claim["source"])
            if claim["fatalities"] is not None:
                self.assertIn("%d killed" % claim["fatalities"], card.text)
        self.shot("laptop-event-panel")
        self.assertEqual(self.console_errors(), [])
        # Escape closes the panel and the URL forgets the event.
        self.driver.find_element(By.TAG_NAME, "body").send_keys("\ue00c")
        self.assertFalse(self.driver.find_element(By.ID, "panel").is_displayed())
        self.assertNotIn("event=", self.driver.current_url)

    def test_script_in_article_text_is_shown_not_run(self):
        # A store of its own, so that the other tests keep the example store.
        db = os.path.join(self.tmp, "script.sqlite")
        shutil.copy(self.db, db)
        server = su.Server(db, token=TOKEN)
        try:
            status, _, data = server.request(
                "POST", "/api/articles", body=SCRIPT_ARTICLE,
                headers={"Authorization": "Bearer " + TOKEN})
            self.assertEqual(status, 200, data[:300])
            events = json.loads(data)["events"]
            self.assertTrue(events, "the test article must give an event")
            self.driver.get(server.base + "/?event=" + events[0]["event_id"])
            self.wait_ready()
            self.wait_panel()
            text = self.js("return document.querySelector('#panel .report-text').textContent")
            self.assertEqual(text, SCRIPT_ARTICLE["text"])
            head = self.driver.find_element(By.CSS_SELECTOR, "#panel .report-head").text
            self.assertIn("<script>window.__sitrepPwned = 1</script>", head)
            self.assertIn("<b>bold</b>", head)
            self.assertIsNone(self.js("return window.__sitrepPwned"))
            self.assertEqual(self.js("return document.querySelectorAll("
                                     "'#panel script, #panel img, #panel b').length"), 0)
            self.shot("laptop-script-as-text")
            self.assertEqual(self.console_errors(), [])
        finally:
            self.assertEqual(server.stop(), 0)

    def test_phone(self):
        self.driver.set_window_size(*PHONE)
        self.open()
        width = self.js("return window.innerWidth")
        self.assertLessEqual(self.js("return document.documentElement.scrollWidth"), width)
        self.assertFalse(self.driver.find_element(By.ID, "filters").is_displayed())
        map_box = self.driver.find_element(By.ID, "map").size
        self.assertGreater(map_box["height"], 250)
        self.assertLessEqual(map_box["width"], width)
        self.shot("phone-overview")
        self.driver.find_element(By.ID, "toggle-filters").click()
        self.assertTrue(self.driver.find_element(By.ID, "filters").is_displayed())
        self.shot("phone-filters")
        self.driver.find_element(By.ID, "toggle-filters").click()
        row = self.driver.find_element(By.CSS_SELECTOR, "#events tbody tr")
        self.js("arguments[0].scrollIntoView()", row)
        row.click()
        self.wait_panel()
        panel = self.driver.find_element(By.ID, "panel").size
        self.assertEqual(panel["width"], width)
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "#panel mark.ev"))
        self.shot("phone-event-panel")
        self.assertEqual(self.console_errors(), [])


if __name__ == "__main__":
    if missing_browser():
        print("SKIP: " + missing_browser())
        sys.exit(77)
    unittest.main()
