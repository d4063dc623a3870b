#!/usr/bin/env python3
"""The console in a real browser: Selenium drives Debian's headless Chromium
(/usr/bin/chromium, /usr/bin/chromedriver) through a running `oss serve`.

First the work, in English: it logs in through the form (the session cookie
HttpOnly and SameSite=Strict), watches a station move on the stations page,
sets a level through the levels form (read back from GET /api/levels),
downloads an xlsx export, and logs out. Then, for Dutch and English each, a
browser speaking that language (Accept-Language) logs in again and visits
every page: the page's <html lang>, axe-core (axe-selenium-python; a
violation of impact serious or critical fails), and a full-page screenshot. Ends with `browser: N passed, M failed`; a missing
browser, driver or setting is a failure, never a skip.

  OSS_CONSOLE_URL=http://127.0.0.1:8080 \\
  OSS_CONSOLE_ADMIN=anna.admin OSS_CONSOLE_ADMIN_PASSWORD=... \\
  .build-py/bin/python Tests/console/browser_test.py

Settings (environment):
  OSS_CONSOLE_URL, OSS_CONSOLE_ADMIN, OSS_CONSOLE_ADMIN_PASSWORD   required (an admin sees every page)
  OSS_CONSOLE_OUT           reports (axe results per page) go here; default .build-console/
  OSS_CONSOLE_SCREENSHOTS   the screenshots, NAME-LANG.png; default $OSS_CONSOLE_OUT/screenshots
                            (docs/console/ for the repository's pictures)
  OSS_CONSOLE_EXPECTED_XLSX the bytes of `oss export --what cycles --format xlsx` on the same
                            journal: the download must equal them (else only its zip signature is checked)
  OSS_CONSOLE_MOVE_COMMAND  a shell command started once the stations page is shown (e.g. an
                            `oss simulate` on the served journal); without it a station must move
                            by itself (an `oss simulate` or `oss run` started beside the server)
  OSS_CONSOLE_WORKER, OSS_CONSOLE_PRODUCT   the worker and product the level is set for
                            (default: the first of GET /api/workers)
  CHROMIUM, CHROMEDRIVER    default /usr/bin/chromium, /usr/bin/chromedriver

THE PAGES' CONVENTIONS (what this driver relies on; the console's templates follow them)
  Pages: /login, / (stations), /workers, /workers/{worker id} (progress), /levels, /exports,
         /audit, /accounts, /purge. Without a session a page answers 303 to /login.
  Language: `?lang=nl` or `?lang=en` on any page, else the Accept-Language header; the page's
         <html lang="..."> says which language it is in.
  Login form (POST /login): inputs name="name" and name="password", a submit button.
  Every form that changes something carries the hidden field name="csrf".
  Stations page: one row per station with the attribute data-station="STATION ID", holding a
         cell data-field="step" whose text is the current step; it updates itself (server-sent
         events, a script served as a file) without a reload.
  Levels page: a form with fields name="worker", name="product", name="level" (1-3),
         name="reason" (each an <input> or a <select>) and a submit button; after it the history
         on the page shows the reason.
  Exports page: a form with fields name="what", name="format", name="dialect", name="since",
         name="until", name="worker", name="product" (inputs or selects) and a submit button;
         submitting it with what=cycles, format=xlsx downloads the file.
  Logout: a form POST to /logout whose button has id="logout", on every page after login;
         it ends at /login.
  Accessibility: axe-core finds no violation of impact serious or critical on any page; Tab from
         the top of a page reaches every visible link, button and field; at 200% zoom (640 CSS px
         wide) no page needs sideways scrolling.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_env  # noqa: E402

try:
    from axe_selenium_python import Axe
    from selenium import webdriver
    from selenium.common.exceptions import NoSuchElementException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as missing:
    print(f"error: {missing.name} is missing: run this with .build-py/bin/python (scripts/python-env.sh makes it)",
          file=sys.stderr)
    print("browser: 0 passed, 1 failed")
    sys.exit(1)

LANGUAGES = ("nl", "en")
# screenshot name -> path (the worker's progress page is filled in once a worker is known)
PAGES = [("stations", "/"), ("workers", "/workers"), ("progress", None), ("levels", "/levels"),
         ("exports", "/exports"), ("audit", "/audit"), ("accounts", "/accounts"), ("purge", "/purge")]
SERIOUS = ("serious", "critical")
XLSX_SIGNATURE = b"PK\x03\x04"


def executable(variable, default, package):
    path = os.environ.get(variable) or default
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise console_env.SetupError(f"{path} is missing: install Debian's {package} (scripts/install-deps.sh)"
                                     f"{' or set ' + variable if variable else ''}")
    return path


def start_browser(downloads, accept_language=None):
    options = webdriver.ChromeOptions()
    options.binary_location = executable("CHROMIUM", "/usr/bin/chromium", "chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--hide-scrollbars", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking"):
        options.add_argument(argument)
    prefs = {"download.default_directory": downloads, "download.prompt_for_download": False,
             "download.directory_upgrade": True, "safebrowsing.enabled": False}
    if accept_language:
        prefs["intl.accept_languages"] = accept_language
        options.add_argument(f"--lang={accept_language}")
    options.add_experimental_option("prefs", prefs)
    service = Service(executable_path=executable("CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


class Console:
    """The browser on one console, with the helpers the checks share."""

    def __init__(self, driver, url):
        self.driver = driver
        self.url = url

    def open(self, path, lang=None):
        target = self.url + path
        if lang:
            target += ("&" if "?" in path else "?") + "lang=" + lang
        self.driver.get(target)
        WebDriverWait(self.driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")

    @property
    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def html_lang(self):
        return (self.driver.execute_script("return document.documentElement.lang") or "").lower()

    def fetch_json(self, path):
        """GET path with the browser's session (the page's origin), as (status, parsed body or text)."""
        answer = self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
              .then(r => r.text().then(t => done([r.status, t])))
              .catch(e => done([0, String(e)]));""", path)
        status, text = answer
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def field(self, form, name):
        return form.find_element(By.NAME, name)

    def set_field(self, form, name, value):
        element = self.field(form, name)
        if element.tag_name.lower() == "select":
            choice = Select(element)
            try:
                choice.select_by_value(value)
            except NoSuchElementException:
                choice.select_by_visible_text(value)
        elif element.get_attribute("type") in ("date", "datetime-local"):
            self.driver.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)

    def form_with(self, name):
        """The form holding a field `name`."""
        return self.driver.find_element(By.XPATH, f"//form[.//*[@name='{name}']]")

    def submit(self, form, navigates=True):
        """Clicks the form's submit button; with `navigates`, waits for the next page to load."""
        buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], input[type=submit], button:not([type])")
        if not buttons:
            raise AssertionError("the form has no submit button")
        self.click(buttons[0], navigates)

    def click(self, element, navigates=True):
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        if navigates:
            WebDriverWait(self.driver, 15).until(staleness_of(old))
            WebDriverWait(self.driver, 15).until(
                lambda d: d.execute_script("return document.readyState") == "complete")

    def screenshot(self, path):
        """The whole page, below the fold too, at the window's width."""
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}})
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))

    def unreachable_by_tab(self):
        """The visible links, buttons and fields that Tab from the top of the page never reaches."""
        self.driver.refresh()
        WebDriverWait(self.driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
        count = self.driver.execute_script("""
            const reachable = [...document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')]
              .filter(e => !e.disabled && e.getClientRects().length > 0);
            reachable.forEach((e, i) => e.setAttribute('data-tab-probe', i));
            return reachable.length;""")
        seen = set()
        keys = ActionChains(self.driver)
        # A date field takes a Tab per part (day, month, year): room for three per element.
        for _ in range(3 * count + 5):
            if len(seen) == count:
                break
            keys.send_keys(Keys.TAB).perform()
            probe = self.driver.execute_script(
                "const e = document.activeElement; return e ? e.getAttribute('data-tab-probe') : null")
            if probe is not None:
                seen.add(int(probe))
        return self.driver.execute_script("""
            return [...document.querySelectorAll('[data-tab-probe]')]
              .filter(e => !arguments[0].includes(Number(e.getAttribute('data-tab-probe'))))
              .map(e => e.tagName.toLowerCase() + (e.name ? '[name=' + e.name + ']' : '')
                        + (e.id ? '#' + e.id : '') + ' "' + (e.textContent || '').trim().slice(0, 30) + '"');""",
            sorted(seen))

    def scroll_width_at_zoom(self, factor):
        """None when the page fits its width at `factor` times zoom (the window 1/factor as wide in CSS
        pixels), else the width its content needs."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280 // factor, "height": 900 // factor, "deviceScaleFactor": factor, "mobile": False})
        try:
            time.sleep(0.1)
            width, client, culprits = self.driver.execute_script("""
                const client = document.documentElement.clientWidth;
                const over = e => e.getBoundingClientRect().right > client + 1;
                const leaves = [...document.body.querySelectorAll('*')]
                  .filter(e => over(e) && ![...e.children].some(over))
                  .slice(0, 3)
                  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                            + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
                return [document.documentElement.scrollWidth, client, leaves];""")
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return f"{width} CSS px wide (too wide: {', '.join(culprits) or '?'})" if width > client else None

    def axe_violations(self, report_path):
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        violations = results.get("violations", [])
        with open(report_path, "w", encoding="utf-8") as file:
            json.dump({"url": self.driver.current_url, "violations": violations}, file, indent=1)
        serious = [v for v in violations if v.get("impact") in SERIOUS]
        return serious, axe.report(serious) if serious else ""

    def stations(self):
        """station id -> text of its step cell."""
        rows = {}
        for row in self.driver.find_elements(By.CSS_SELECTOR, "[data-station]"):
            try:
                step = row.find_element(By.CSS_SELECTOR, "[data-field='step']").text.strip()
            except NoSuchElementException:
                step = None
            rows[row.get_attribute("data-station")] = step
        return rows


def brief(serious):
    return "; ".join(f"{v['id']} ({v['impact']}, {len(v.get('nodes', []))} element(s): "
                     f"{', '.join(t for n in v.get('nodes', [])[:3] for t in n.get('target', []))})" for v in serious)


def check_page(tally, console, name, path, lang, shots, reports):
    label = f"{name} page ({path}, {lang})"
    try:
        console.open(path, lang)
    except WebDriverException as error:
        tally.check(f"{label}: loads", False, str(error).splitlines()[0])
        return
    if name != "login" and console.path == "/login":
        tally.check(f"{label}: shown with a session", False, "redirected to /login")
        return
    console.screenshot(os.path.join(shots, f"{name}-{lang}.png"))
    tally.check(f"{label}: <html lang> is {lang}", console.html_lang().startswith(lang),
                f"lang={console.html_lang()!r}")
    try:
        serious, report = console.axe_violations(os.path.join(reports, f"axe-{name}-{lang}.json"))
        tally.check(f"{label}: axe-core finds nothing serious or critical", not serious,
                    brief(serious) + (f"\n{report}" if os.environ.get("OSS_CONSOLE_AXE_DETAIL") else ""))
    except WebDriverException as error:
        tally.check(f"{label}: axe-core runs", False, str(error).splitlines()[0])
    missed = console.unreachable_by_tab()
    tally.check(f"{label}: every link, button and field is reached with Tab", not missed,
                f"not reached: {', '.join(missed[:6])}")
    wide = console.scroll_width_at_zoom(2)
    tally.check(f"{label}: at 200% zoom no sideways scrolling", wide is None,
                f"content {wide} in a {1280 // 2} CSS px window")


def log_in(tally, console, name, password, lang="en"):
    console.open("/login", lang)
    form = console.form_with("password")
    console.set_field(form, "name", name)
    console.set_field(form, "password", password)
    console.submit(form)
    tally.check("log in through the form: on the stations page (/)", console.path == "/", f"at {console.path}")
    cookie = console.driver.get_cookie("oss_session")
    tally.check("the session cookie oss_session is HttpOnly and SameSite=Strict",
                bool(cookie) and cookie.get("httpOnly") is True and cookie.get("sameSite") == "Strict",
                f"cookie {({k: v for k, v in cookie.items() if k != 'value'} if cookie else None)}")
    tally.check("a logout button (id=logout) on the page",
                bool(console.driver.find_elements(By.ID, "logout")), "no element with id=logout")


def watch_station(tally, console):
    console.open("/", "en")
    before = console.stations()
    if not tally.check("stations page: rows with data-station and a data-field=step cell",
                       bool(before) and all(step is not None for step in before.values()), f"rows {before}"):
        return None
    command = os.environ.get("OSS_CONSOLE_MOVE_COMMAND")
    mover = subprocess.Popen(command, shell=True) if command else None
    deadline = time.monotonic() + 5
    after = before
    while time.monotonic() < deadline and after == before:
        time.sleep(0.1)
        after = console.stations()
    tally.check("stations page: a station's step changes within 5 s, without a reload",
                after != before, f"steps stayed {before}")
    if mover:
        try:
            status = mover.wait(timeout=60)
            tally.check("OSS_CONSOLE_MOVE_COMMAND succeeds", status == 0, f"exit status {status}")
        except subprocess.TimeoutExpired:
            mover.kill()
            tally.check("OSS_CONSOLE_MOVE_COMMAND ends within 60 s", False, command)
    return before, after


def pick_worker(tally, console):
    """(worker, product, level in force) for the level form and the progress page: OSS_CONSOLE_WORKER
    and OSS_CONSOLE_PRODUCT when given, else the first of GET /api/workers."""
    status, workers = console.fetch_json("/api/workers")
    listed = [(entry["worker"], row["product"], row["level"])
              for entry in (workers if status == 200 and isinstance(workers, list) else [])
              for row in entry.get("products", [])]
    tally.check("GET /api/workers in the browser: 200 with workers and products", bool(listed),
                f"answered {status}" + (f", {workers!r:.120}" if status == 200 else ""))
    worker, product = os.environ.get("OSS_CONSOLE_WORKER"), os.environ.get("OSS_CONSOLE_PRODUCT")
    if worker and product:
        return next((found for found in listed if found[:2] == (worker, product)), (worker, product, 1))
    if listed:
        return listed[0]
    raise AssertionError("no worker with a product to work with: GET /api/workers lists none (the journal needs "
                         "finished cycles), and OSS_CONSOLE_WORKER and OSS_CONSOLE_PRODUCT are not set")


def set_level(tally, console, account, worker, product, current):
    level = current % 3 + 1
    reason = f"browser test {time.strftime('%H:%M:%S')}"
    console.open("/levels", "en")
    form = console.form_with("level")
    for name, value in (("worker", worker), ("product", product), ("level", str(level)), ("reason", reason)):
        console.set_field(form, name, value)
    console.submit(form)
    status, history = console.fetch_json("/api/levels?" + urllib.parse.urlencode({"worker": worker, "product": product}))
    newest = history[0] if status == 200 and isinstance(history, list) and history else None
    wanted = {"worker": worker, "product": product, "level": level, "set_by": account, "reason": reason}
    tally.check(f"levels form: level {level} for {worker} x {product} is the newest change, by {account}",
                newest is not None and all(newest.get(k) == v for k, v in wanted.items()),
                f"GET /api/levels answered {status}, newest {newest}")
    console.open("/levels", "en")
    tally.check("levels page: the history shows the new reason", reason in console.driver.page_source,
                f"{reason!r} not on the page")


def download_export(tally, console, downloads):
    for name in os.listdir(downloads):
        os.remove(os.path.join(downloads, name))
    console.open("/exports", "en")
    form = console.form_with("format")
    console.set_field(form, "what", "cycles")
    console.set_field(form, "format", "xlsx")
    dialect = console.field(form, "dialect")
    if dialect.is_enabled() and dialect.tag_name.lower() == "select":
        console.set_field(form, "dialect", "standard")
    console.submit(form, navigates=False)
    deadline = time.monotonic() + 30
    files = []
    while time.monotonic() < deadline:
        files = [f for f in os.listdir(downloads) if not f.endswith((".crdownload", ".tmp"))]
        if files and not any(f.endswith(".crdownload") for f in os.listdir(downloads)):
            break
        time.sleep(0.2)
    if not tally.check("exports form: what=cycles format=xlsx downloads one file within 30 s", len(files) == 1,
                       f"download folder holds {os.listdir(downloads)}"):
        return
    with open(os.path.join(downloads, files[0]), "rb") as file:
        data = file.read()
    tally.check(f"the download ({files[0]}, {len(data)} bytes) is an xlsx (zip) file",
                data.startswith(XLSX_SIGNATURE), f"starts with {data[:8]!r}")
    expected_path = os.environ.get("OSS_CONSOLE_EXPECTED_XLSX")
    if expected_path:
        with open(expected_path, "rb") as file:
            expected = file.read()
        tally.check("the download equals `oss export --what cycles --format xlsx`, byte for byte", data == expected,
                    f"{len(data)} bytes against {len(expected)} in {expected_path}")


def log_out(tally, console):
    buttons = console.driver.find_elements(By.ID, "logout")
    if not tally.check("logout button (id=logout) on the stations page", bool(buttons), "none"):
        return
    console.click(buttons[0])
    tally.check("logout: ends at /login", console.path == "/login", f"at {console.path}")
    status, _ = console.fetch_json("/api/session")
    tally.check("after logout, GET /api/session answers 401", status == 401, f"answered {status}")
    console.open("/", "en")
    tally.check("after logout, the stations page sends to /login", console.path == "/login", f"at {console.path}")


def tour(tally, url, account, password, lang, worker, shots, reports, downloads):
    """Every page as a reader of `lang` sees it: a browser whose language (Accept-Language, and
    its own for date fields) is `lang`, each page asked for with ?lang=LANG."""
    driver = start_browser(downloads, accept_language=lang)
    console = Console(driver, url)
    try:
        console.open("/login")
        tally.check(f"Accept-Language {lang} without ?lang: /login is in {lang}",
                    console.html_lang().startswith(lang), f"lang={console.html_lang()!r}")
        check_page(tally, console, "login", "/login", lang, shots, reports)
        console.open("/login", lang)
        form = console.form_with("password")
        console.set_field(form, "name", account)
        console.set_field(form, "password", password)
        console.submit(form)
        if not tally.check(f"log in ({lang})", console.path == "/", f"at {console.path}"):
            return
        for name, path in PAGES:
            if path is None:
                if worker is None:
                    tally.check(f"{name} page ({lang}): a worker to show", False, "no worker known")
                    continue
                path = "/workers/" + urllib.parse.quote(worker, safe="")
            tally.guard(f"{name} page ({lang})", lambda: check_page(tally, console, name, path, lang, shots, reports))
        logout = driver.find_elements(By.ID, "logout")
        if logout:
            console.click(logout[0])
    finally:
        driver.quit()


def main():
    tally = console_env.Tally("browser")
    try:
        url = console_env.base_url()
        account, password = console_env.account("admin", required=True)
        out = console_env.output_dir()
        shots = os.environ.get("OSS_CONSOLE_SCREENSHOTS") or os.path.join(out, "screenshots")
        reports = os.path.join(out, "axe")
        for folder in (shots, reports):
            os.makedirs(folder, exist_ok=True)
        downloads = tempfile.mkdtemp(prefix="oss-console-downloads-")
        driver = start_browser(downloads)
    except (console_env.SetupError, WebDriverException) as error:
        return console_env.fail_setup("browser", str(error).splitlines()[0] if str(error) else repr(error))
    print(f"browser: Chromium {driver.capabilities.get('browserVersion')} on {url}; screenshots in {shots}", flush=True)
    console = Console(driver, url)
    chosen = {}
    try:
        # The work, in English.
        tally.guard("log in", lambda: log_in(tally, console, account, password))
        tally.guard("watch a station move", lambda: watch_station(tally, console))

        def choose():
            chosen["worker"], chosen["product"], chosen["level"] = pick_worker(tally, console)
        if tally.guard("a worker and product to work with", choose):
            tally.guard("set a level", lambda: set_level(tally, console, account, chosen["worker"], chosen["product"],
                                                       chosen["level"]))
        tally.guard("download an xlsx export", lambda: download_export(tally, console, downloads))
        tally.guard("log out", lambda: log_out(tally, console))
    finally:
        driver.quit()
    # Then every page in each language, after the work so that the history and audit show it.
    for lang in LANGUAGES:
        tally.guard(f"every page in {lang}", lambda: tour(tally, url, account, password, lang, chosen.get("worker"),
                                                           shots, reports, downloads))
    shutil.rmtree(downloads, ignore_errors=True)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
