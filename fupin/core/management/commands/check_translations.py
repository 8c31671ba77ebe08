"""manage.py check_translations: is the English catalogue complete, well-formed and compiled?

Chinese is the source language (msgids); fupin/locale/en/LC_MESSAGES/django.po holds the English.
The command lists untranslated and fuzzy entries, msgstrs whose placeholders differ from the msgid,
and entries whose compiled .mo text differs from the .po; it exits with status 1 if any are found.
It also lists the literal msgids in the code and templates that are missing from the .po (a string added
after the last makemessages run).
Workflow: makemessages -l en --ignore=.venv --ignore=node_modules --ignore=bench --ignore=e2e --ignore=tests
--ignore='*/tests/*' --no-obsolete → translate the new entries → compilemessages -l en → check_translations.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

ONE_PERCENT = re.compile(r"(?<!%)%(?!%)")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%|\{\w*\}")
GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
TEMPLATE_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(?:"([^"]*)"|'([^']*)')""")
TEMPLATE_UNDERSCORE = re.compile(r"""\b_\((?:"([^"]*)"|'([^']*)')\)""")
BLOCK = re.compile(r"\{%\s*blocktrans(?:late)?\b([^%]*)%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S)
BLOCK_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict = field(default_factory=dict)
    flags: set = field(default_factory=set)
    references: list = field(default_factory=list)
    obsolete: bool = False

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def where(self):
        return self.references[0] if self.references else "?"


def catalogue_path(language="en", domain="django") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


def parse_po(path) -> list[Entry]:
    """The entries of a .po file as written by makemessages/msgmerge (obsolete #~ entries are flagged)."""
    entries = []
    text = Path(path).read_text(encoding="utf-8")
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(","))
                continue
            if line.startswith("#:"):
                entry.references.extend(line[2:].split())
                continue
            if line.startswith("#"):
                continue
            match = KEYWORD.match(line)
            if match:
                keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
                if keyword == "msgctxt":
                    entry.msgctxt, target = value, ("msgctxt", None)
                elif keyword == "msgid":
                    entry.msgid, target = value, ("msgid", None)
                elif keyword == "msgid_plural":
                    entry.msgid_plural, target = value, ("msgid_plural", None)
                else:
                    n = int(index or 0)
                    entry.msgstr[n], target = value, ("msgstr", n)
            elif line.startswith('"') and target:
                value = ast.literal_eval(line)
                if target[0] == "msgstr":
                    entry.msgstr[target[1]] += value
                else:
                    setattr(entry, target[0], getattr(entry, target[0]) + value)
            else:
                raise ValueError(f"{path}: cannot parse line: {line!r}")
        entries.append(entry)
    return entries


def _placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text)))


def source_msgids(root=None):
    """{msgid: "path:line"} for the literal msgids in the project's Python files and templates (tests,
    migrations and management commands are left out, as makemessages is told to)."""
    root = Path(root or settings.BASE_DIR)
    found = {}
    for path in sorted((root / "fupin").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or "/management/" in rel or not path.is_file():
            continue
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in GETTEXT_FUNCTIONS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, f"{rel}:{node.lineno}")
        elif path.suffix in (".html", ".txt"):
            text = path.read_text(encoding="utf-8")
            for pattern in (TEMPLATE_TRANSLATE, TEMPLATE_UNDERSCORE):
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    msgid = match.group(1) or match.group(2) or ""
                    if pattern is TEMPLATE_TRANSLATE:  # makemessages (and {% translate %}) double a lone %
                        msgid = ONE_PERCENT.sub("%%", msgid)
                    found.setdefault(msgid, f"{rel}:{line}")
            for match in BLOCK.finditer(text):
                if "trimmed" in match.group(1):
                    continue
                singular = re.split(r"\{%\s*plural\s*%\}", match.group(2))[0]
                msgid = BLOCK_VARIABLE.sub(lambda m: f"%({m.group(1)})s", singular.replace("%", "%%"))
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(msgid, f"{rel}:{line}")
    found.pop("", None)
    return found


def problems(po_path=None) -> dict[str, list[str]]:
    """{"not_extracted": [...], "untranslated": [...], "fuzzy": [...], "placeholders": [...], "stale_mo": [...]},
    each a list of human-readable lines (reference and msgid)."""
    po_path = Path(po_path or catalogue_path())
    found = {"not_extracted": [], "untranslated": [], "fuzzy": [], "placeholders": [], "stale_mo": []}
    entries = [e for e in parse_po(po_path) if not e.obsolete]
    known = {e.msgid for e in entries}
    found["not_extracted"] = [
        f"{where}: {msgid!r}" for msgid, where in source_msgids().items() if msgid not in known
    ]
    for e in entries:
        if e.is_header:
            if "fuzzy" in e.flags:
                found["fuzzy"].append("header (remove the #, fuzzy flag of the header entry)")
            continue
        label = f"{e.where}: {e.msgid!r}"
        if not e.translated:
            found["untranslated"].append(label)
        if "fuzzy" in e.flags:
            found["fuzzy"].append(label)
        for n, text in e.msgstr.items():
            source = e.msgid if (n == 0 or e.msgid_plural is None) else e.msgid_plural
            if text and _placeholders(text) != _placeholders(source):
                found["placeholders"].append(f"{label} -> {text!r}")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        found["stale_mo"].append(f"{mo_path} is missing: run compilemessages -l en")
        return found
    with open(mo_path, "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    for e in entries:
        if e.is_header or not e.translated or "fuzzy" in e.flags:
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            compiled = catalog.get(key)
            if compiled != e.msgstr[0]:
                found["stale_mo"].append(f"{e.where}: {e.msgid!r} is {compiled!r} in the .mo")
        else:
            for n, text in e.msgstr.items():
                if catalog.get((key, n)) != text:
                    found["stale_mo"].append(f"{e.where}: {e.msgid!r}[{n}] differs in the .mo")
    return found


class Command(BaseCommand):
    help = "Check the English catalogue: untranslated, fuzzy, placeholder mismatches, stale .mo."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="en")

    def handle(self, *args, language, **options):
        path = catalogue_path(language)
        if not path.exists():
            raise CommandError(f"{path} does not exist: run makemessages -l {language}")
        found = problems(path)
        total = sum(len(v) for v in found.values())
        entries = [e for e in parse_po(path) if not e.obsolete and not e.is_header]
        self.stdout.write(f"{path}: {len(entries)} messages")
        for kind, lines in found.items():
            if lines:
                self.stdout.write(f"{kind}: {len(lines)}")
                for line in lines:
                    self.stdout.write(f"  {line}")
        if total:
            raise CommandError(f"{total} translation problems")
        self.stdout.write(self.style.SUCCESS("All messages translated; the .mo is up to date."))
