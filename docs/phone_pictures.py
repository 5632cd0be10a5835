"""The README's phone pictures (390 px), taken from the demo as `make run` serves it.

make run &   # then, in another shell:
.venv/bin/python docs/phone_pictures.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
DOCS = Path(__file__).parent

PICTURES = [  # file, who is logged in (None: anyone), page
    ("arendet-i-telefonen.png", None, "/arenden/KS-2023-1387/"),
    ("arendelistan-i-telefonen.png", None, "/arenden/"),
    ("startsidan-for-en-politiker-i-telefonen.png", "karin.wanngard", "/start/"),
    ("mina-beslut-i-telefonen.png", "jan.jonsson", "/mina-beslut/"),
]


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, username, path in PICTURES:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            if username:
                page.goto(URL + "/konto/logga-in/")
                page.get_by_label("Användarnamn").fill(username)
                page.get_by_label("Lösenord").fill("demo")
                page.get_by_role("button", name="Logga in").click()
            page.goto(URL + path)
            page.screenshot(path=DOCS / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
