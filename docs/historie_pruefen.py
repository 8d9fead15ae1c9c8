#!/usr/bin/env python3
"""Prüft die Historie eines Umsetzungsmonitors ohne dessen Code (issue 21).

Liest die Seiten von `/{plan}/api/v1/historie.json` (Dateien oder eine Adresse, deren
Folgeseiten es selbst lädt), rechnet jede Festlegung und jeden Hash nach dem Verfahren in
`docs/historie-pruefen.md` nach und prüft, ob ein früher veröffentlichter Stand
(`Änderung:Prüfsumme`, oder jede solche Angabe in einer alten Exportdatei) enthalten ist.

    python3 historie_pruefen.py https://monitor.example/potsdam/api/v1/historie.json
    python3 historie_pruefen.py --stand 812:3f0c…a9 seite-1.json seite-2.json
    python3 historie_pruefen.py --stand alter-bericht.csv seite-*.json
    python3 historie_pruefen.py --plan plan.json seite-*.json

Mit `--plan` (die Datei `/{plan}/api/v1/plan.json` von heute) vergleicht es außerdem jedes
öffentliche Feld der Meilensteine und Pakete mit dem letzten Eintrag seiner Historie: ein
Feld, das an der App vorbei geändert wurde, weicht davon ab.

Rückgabewert 0: alles stimmt; 1: ein Bruch oder ein abweichender Stand (genannt mit der
Änderungsnummer); 2: falscher Aufruf oder unlesbare Seiten. Nur die Standardbibliothek.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import urllib.parse
import urllib.request

FORMAT = "umsetzungsmonitor-historie-v1"
GENESIS = "0" * 64
SIDES = ("actor", "organisation", "old", "new", "comment")
OPTIONAL = ("old", "new")
DIGEST = re.compile(r"(?<![0-9A-Za-z])(\d+):([0-9a-fA-F]{64})(?![0-9A-Za-z])")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commitment(salt: str, value: str) -> str:
    return sha256(f"{salt}:{value}")


def plain(text: str) -> str:
    if any(c in text for c in "\t\n\r"):
        raise ValueError(f"Bezeichner mit Tabulator oder Zeilenumbruch: {text!r}")
    return text


def entry_hash(before_hash: str, before_change_set, chain: int, e: dict) -> str:
    """Der Hash eines Eintrags nach dem Eintrag davor (docs/historie-pruefen.md)."""
    if before_change_set == e["change_set"]:
        start = before_hash
    else:
        start = sha256(
            f"{FORMAT}\nvorher\t{before_hash}\nkette\t{chain}\n"
            f"aenderung\t{e['change_set']}\nzeit\t{plain(e['recorded_at'])}\n"
        )

    def f(side: str) -> str:
        value = e.get(side)
        return "-" if value is None else plain(value["commitment"])

    fields = [
        start,
        str(chain),
        str(e["change_set"]),
        plain(e["recorded_at"]),
        "-" if e.get("package_id") is None else str(e["package_id"]),
        plain(e["entity"]),
        str(e["entity_id"]),
        plain(e["field"]),
        plain(e["visibility"]),
        plain(e.get("reason_category") or "-"),
    ] + [f(side) for side in SIDES]
    return sha256("\t".join(fields) + "\n")


def load(source: str) -> dict:
    if re.match(r"^https?://", source):
        with urllib.request.urlopen(source, timeout=60) as answer:
            return json.load(answer)
    with open(source, encoding="utf-8") as file:
        return json.load(file)


def pages_of(sources: list[str]) -> list[dict]:
    """Die Seiten in Reihenfolge; eine Adresse bringt ihre Folgeseiten mit."""
    pages = []
    for source in sources:
        page = load(source)
        pages.append(page)
        while re.match(r"^https?://", source) and page.get("next"):
            source = urllib.parse.urljoin(source, page["next"])
            page = load(source)
            pages.append(page)
    return sorted(pages, key=lambda p: p["page"])


def stands_in(text: str) -> list[tuple[int, str]]:
    """Jede Angabe `Änderung:Prüfsumme` in einem Text (ein Stand oder eine alte Datei)."""
    if os.path.isfile(text):
        with open(text, encoding="utf-8", errors="replace") as file:
            text = file.read()
    found = []
    for number, digest in DIGEST.findall(text):
        stand = (int(number), digest.lower())
        if stand not in found:
            found.append(stand)
    return found


class Broken(Exception):
    def __init__(self, change_set: int, entry: int, why: str):
        super().__init__(f"Änderung {change_set}, Eintrag {entry}: {why}")
        self.change_set = change_set


def walk(pages: list[dict]) -> tuple[dict[int, str], int]:
    """Prüft die Seiten; gibt den Hash am Ende jeder Änderung und die Zahl der Einträge."""
    ends: dict[int, str] = {}
    count = 0
    previous = None  # (hash, change_set, id) des letzten geprüften Eintrags
    for page in pages:
        if page.get("format") != FORMAT:
            raise SystemExit(f"Unbekanntes Format: {page.get('format')!r} (erwartet {FORMAT})")
        chain = page["chain"]
        before = page["before"]
        if previous is None and page["page"] != 1 and before["change_set"] is not None:
            # Eine einzelne spätere Seite: sie beginnt bei dem Hash, den sie selbst nennt.
            previous = (before["hash"], before["change_set"], -1)
        elif previous is not None and (before["hash"], before["change_set"]) != previous[:2]:
            raise Broken(before["change_set"] or 0, 0,
                         f"Seite {page['page']} schließt nicht an die Seite davor an")
        hash_, change_set, last_id = previous or (GENESIS, None, -1)
        for e in page["entries"]:
            if change_set is not None and (e["change_set"], e["id"]) <= (change_set, last_id):
                raise Broken(e["change_set"], e["id"], "Reihenfolge vertauscht")
            for side in SIDES:
                value = e.get(side)
                if value is None:
                    if side not in OPTIONAL:
                        raise Broken(e["change_set"], e["id"], f"Festlegung fehlt ({side})")
                    continue
                if "text" in value and "salt" in value:
                    if commitment(value["salt"], value["text"]) != value["commitment"]:
                        raise Broken(e["change_set"], e["id"],
                                     f"Wert passt nicht zu seiner Festlegung ({side})")
            computed = entry_hash(hash_, change_set, chain, e)
            if e.get("hash") != computed:
                raise Broken(e["change_set"], e["id"], "Hash weicht ab: die Kette bricht hier")
            hash_, change_set, last_id = computed, e["change_set"], e["id"]
            ends[change_set] = computed
            count += 1
        previous = (hash_, change_set, last_id)
    last = pages[-1]
    if last["page"] == last["pages"] and last.get("head") and ends:
        number = max(ends)
        if last["head"] != f"{number}:{ends[number]}":
            raise Broken(number, 0, f"Der genannte Stand {last['head']} ist nicht das Ende der Kette")
    return ends, count


# Felder von plan.json, die jede Speicherung mit demselben Namen in der Historie festhält.
MILESTONE_FIELDS = ("title", "description", "demanded_on", "forecast_on", "completed_on",
                    "public_note")
PACKAGE_FIELDS = ("title", "summary", "goal", "responsible_unit", "source_reference")


def last_values(pages: list[dict]) -> dict[tuple[str, int, str], tuple[int, str | None]]:
    """Der letzte öffentliche neue Wert je (entity, id, feld) und seine Änderung."""
    last: dict[tuple[str, int, str], tuple[int, str | None] | None] = {}
    for page in pages:
        for e in page["entries"]:
            key = (e["entity"], e["entity_id"], e["field"])
            new = e.get("new")
            if e["visibility"] != "public" or e.get("redacted"):
                last[key] = None  # nicht öffentlich nachprüfbar
            elif new is None:
                last[key] = (e["change_set"], None)
            elif "text" in new:
                last[key] = (e["change_set"], new["text"])
            else:
                last[key] = None
    return {key: value for key, value in last.items() if value is not None}


def record_against(plan: dict, pages: list[dict]) -> list[str]:
    """Felder von plan.json, die nicht dem letzten Eintrag ihrer Historie entsprechen."""
    last = last_values(pages)
    found = []

    def compare(entity: str, name: str, record: dict, fields: tuple[str, ...]) -> None:
        for field in fields:
            recorded = last.get((entity, record["id"], field))
            if recorded is None:
                continue
            change_set, value = recorded
            now = record.get(field) or None
            if now != (value or None):
                found.append(f"{name} {record['id']}, Feld „{field}“: plan.json weicht vom "
                             f"letzten Eintrag der Historie ab (Änderung {change_set}); "
                             f"an der App vorbei geändert")

    for package in plan.get("packages", []):
        compare("package", "Paket", package, PACKAGE_FIELDS)
        for milestone in package.get("milestones", []):
            compare("milestone", "Meilenstein", milestone, MILESTONE_FIELDS)
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seiten", nargs="+", help="Seiten von historie.json: Dateien oder eine Adresse")
    parser.add_argument("--stand", action="append", default=[],
                        help="früher veröffentlichter Stand ÄNDERUNG:PRÜFSUMME oder eine Datei, die ihn enthält")
    parser.add_argument("--plan", help="plan.json von heute: mit der Historie vergleichen")
    args = parser.parse_args(argv)
    try:
        pages = pages_of(args.seiten)
    except (OSError, ValueError, KeyError) as error:
        print(f"Seiten nicht lesbar: {error}", file=sys.stderr)
        return 2
    if not pages:
        print("Keine Seiten angegeben.", file=sys.stderr)
        return 2
    try:
        ends, count = walk(pages)
    except Broken as broken:
        print(f"GEBROCHEN bei {broken}")
        return 1
    except (KeyError, TypeError, ValueError) as error:
        print(f"Seiten nicht lesbar: {error}", file=sys.stderr)
        return 2
    ok = True
    if ends:
        number = max(ends)
        print(f"Kette {pages[0]['chain']}: {count} Einträge geprüft, Stand {number}:{ends[number]}")
    else:
        print(f"Kette {pages[0]['chain']}: keine Einträge")
    stands = [stand for text in args.stand for stand in stands_in(text)]
    if args.stand and not stands:
        print("In --stand steht kein Stand ÄNDERUNG:PRÜFSUMME.", file=sys.stderr)
        return 2
    complete = pages[-1]["page"] == pages[-1]["pages"]
    for number, digest in stands:
        if number not in ends:
            ok = False
            more = "" if complete else " (nicht auf den gelesenen Seiten)"
            print(f"Stand {number}:{digest}: Änderung {number} fehlt{more}")
        elif ends[number] != digest:
            ok = False
            print(f"Stand {number}:{digest}: weicht ab bei Änderung {number} – "
                  f"die Historie wurde seit der Veröffentlichung umgeschrieben")
        else:
            print(f"Stand {number}:{digest}: ist enthalten, die Historie setzt ihn unverändert fort")
    if args.plan:
        try:
            plan = load(args.plan)
        except (OSError, ValueError) as error:
            print(f"plan.json nicht lesbar: {error}", file=sys.stderr)
            return 2
        if plan.get("stand") and plan.get("rebuilt_from_history"):
            print("plan.json ist ein früherer Stand (?stand=); bitte den heutigen angeben.",
                  file=sys.stderr)
            return 2
        for finding in record_against(plan, pages):
            ok = False
            print(finding)
    if ok:
        print("Die Historie ist unverändert.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
