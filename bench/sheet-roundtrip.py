#!/usr/bin/env python3
"""The spreadsheet round trip on a running server (BENCHMARKS.md, "Spreadsheet round trip").

Usage: bench/sheet-roundtrip.py BASE_URL PLAN EMAIL PASSWORD N

Signs in, then times (median of 5 where it saves nothing):
  download        GET  /{plan}/bearbeiten/tabelle/bearbeitung.xlsx
  upload          POST /{plan}/bearbeiten/tabelle/hochladen (unchanged file: read and kept)
  dry run         GET  /{plan}/bearbeiten/tabelle/pruefung/{token} (the page)
and once: the upload, dry run and apply of the file with the notes of its first N rows
changed (inline string cells, as tests/edit-xlsx.py writes them).
Standard library only.
"""

import http.cookiejar
import io
import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
import zipfile


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar):
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def request(open_, method, url, body=None, headers=None):
    headers = {"Sec-Fetch-Site": "same-origin", **(headers or {})}
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    start = time.perf_counter()
    try:
        with open_.open(req) as answer:
            data = answer.read()
            status, location = answer.status, answer.headers.get("Location")
    except urllib.error.HTTPError as answer:
        data = answer.read()
        status, location = answer.code, answer.headers.get("Location")
    return status, location, data, (time.perf_counter() - start) * 1000


def multipart(content):
    boundary = "----bench-sheet"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"bench.xlsx\"\r\n"
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def edit_notes(content, n):
    """The first n data rows get a new note (column J)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    stamp = int(time.time())
    for row in range(2, n + 2):
        cell = f'<c r="J{row}" t="inlineStr"><is><t>Bench {stamp} Zeile {row}</t></is></c>'
        existing = re.compile(rf'<c r="J{row}"[^>]*?(/>|>.*?</c>)')
        if existing.search(sheet):
            sheet = existing.sub(cell, sheet, count=1)
        else:
            start = sheet.index(f'<row r="{row}"')
            end = sheet.index("</row>", start)
            sheet = sheet[:end] + cell + sheet[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    return out.getvalue()


def main():
    base, plan, email, password, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    jar = http.cookiejar.CookieJar()
    open_ = opener(jar)
    body = urllib.parse.urlencode({"email": email, "password": password}).encode()
    status, _, data, _ = request(open_, "POST", f"{base}/api/anmelden", body,
                                 {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"})
    assert status in (200, 302), (status, data[:200])

    downloads = [request(open_, "GET", f"{base}/{plan}/bearbeiten/tabelle/bearbeitung.xlsx") for _ in range(5)]
    content = downloads[-1][2]
    print(f"download: {len(content) / 1024:.0f} KB, median {statistics.median(d[3] for d in downloads):.0f} ms")

    def upload(file):
        payload, kind = multipart(file)
        status, location, data, ms = request(open_, "POST", f"{base}/{plan}/bearbeiten/tabelle/hochladen",
                                             payload, {"Content-Type": kind})
        assert status == 303 and "/pruefung/" in location, (status, location, data[:300])
        return location, ms

    uploads, checks = [], []
    for _ in range(5):
        location, ms = upload(content)
        uploads.append(ms)
        status, _, page, ms = request(open_, "GET", base + location)
        assert status == 200, status
        checks.append(ms)
    print(f"upload unchanged: median {statistics.median(uploads):.0f} ms; dry-run page: median {statistics.median(checks):.0f} ms")

    edited = edit_notes(content, n)
    location, upload_ms = upload(edited)
    token = location.rsplit("/", 1)[1]
    status, _, page, check_ms = request(open_, "GET", base + location)
    view = json.loads(request(open_, "GET", f"{base}/api/bearbeiten/tabelle-pruefung?"
                              + urllib.parse.urlencode({"plan": plan, "token": token}),
                              headers={"Accept": "application/json"})[2])
    assert len(view["changes"]) == n and not view["problems"], (len(view["changes"]), view["problems"][:3])
    body = urllib.parse.urlencode({"plan": plan, "token": token, "fingerprint": view["fingerprint"]}).encode()
    status, location, data, apply_ms = request(open_, "POST", f"{base}/api/bearbeiten/tabelle-uebernehmen", body,
                                               {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"})
    assert location and location.endswith(f"uebernommen={n}"), (status, location, data[:300])
    print(f"{n} changed rows: upload {upload_ms:.0f} ms, dry-run page {check_ms:.0f} ms "
          f"({len(page) / 1024:.0f} KB), apply {apply_ms:.0f} ms")


if __name__ == "__main__":
    main()
