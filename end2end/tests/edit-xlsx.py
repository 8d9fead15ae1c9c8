#!/usr/bin/env python3
"""Edits a downloaded editing spreadsheet as a person would in a spreadsheet program:
writes TEXT into column COLUMN of the row whose milestone title is TITLE.

Usage: edit-xlsx.py IN.xlsx OUT.xlsx TITLE COLUMN TEXT

Standard library only (the end-to-end machines have no spreadsheet library for Python):
the sheet's XML gets an inline string cell; every other part is copied as it is.
"""

import re
import sys
import zipfile
from xml.sax.saxutils import escape

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in root.iter(f"{NS}si")]


def main() -> None:
    source, target, title, column, text = sys.argv[1:6]
    with zipfile.ZipFile(source) as archive:
        strings = shared_strings(archive)
        index = strings.index(title)
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        match = re.search(rf'<c r="C(\d+)"[^>]*t="s"[^>]*><v>{index}</v></c>', sheet)
        if not match:
            sys.exit(f"no row has the title {title!r}")
        row = match.group(1)
        cell = f'<c r="{column}{row}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        existing = re.compile(rf'<c r="{column}{row}"[^>]*?(/>|>.*?</c>)')
        if existing.search(sheet):
            sheet = existing.sub(cell, sheet, count=1)
        else:
            row_end = sheet.index("</row>", match.end())
            sheet = sheet[:row_end] + cell + sheet[row_end:]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for item in archive.infolist():
                data = sheet.encode("utf-8") if item.filename == "xl/worksheets/sheet1.xml" else archive.read(item)
                out.writestr(item, data)


if __name__ == "__main__":
    main()
