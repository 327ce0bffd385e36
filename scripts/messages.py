"""The translation catalogues in locale/, one per language in settings.LANGUAGES.

    python scripts/messages.py update   # bring the catalogues up to date
    python scripts/messages.py check    # fail when a string lacks a translation

`check` regenerates the catalogues from the current sources in a scratch copy
of the project, so a string added to a template or to Python code without a
translation is caught too, as is a fuzzy or untranslated entry.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Not copied for the check: tools, installed packages, built files, and the
# code that holds no interface strings.
NOT_SOURCES = shutil.ignore_patterns(
    ".*", "node_modules", "staticfiles", "scripts", "tests", "*.mo", "__pycache__",
    "*.sqlite3", "bench-results",
)  # fmt: skip
ENVIRONMENT = {"DJANGO_DEBUG": "true", "PATH": "/usr/bin:/bin:/usr/local/bin"}


def languages():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from samenleving.settings import LANGUAGES

    return [code for code, _name in LANGUAGES]


def makemessages(cwd):
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v", "0"]
        + [arg for code in languages() for arg in ("-l", code)]
        + [
            "-i",
            ".venv/*",
            "-i",
            "node_modules/*",
            "-i",
            "staticfiles/*",
            "-i",
            ".tools/*",
        ]
        + ["-i", "scripts/*", "-i", "tests/*"],
        cwd=cwd,
        check=True,
        env=ENVIRONMENT,
    )


def update():
    makemessages(ROOT)
    return 0


def check():
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch) / "project"
        shutil.copytree(ROOT, scratch, ignore=NOT_SOURCES)
        makemessages(scratch)
        for code in languages():
            po = scratch / "locale" / code / "LC_MESSAGES" / "django.po"
            result = subprocess.run(
                ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                capture_output=True,
                text=True,
            )
            report = result.stderr.strip()
            if result.returncode != 0 or "untranslated" in report or "fuzzy" in report:
                failures.append(f"{code}: {report}")
            else:
                print(f"{code}: {report}")
    if failures:
        print("Interface strings without a translation:", *failures, sep="\n  ")
        print("Run `make messages`, translate the new entries, and try again.")
        return 1
    return 0


if __name__ == "__main__":
    commands = {"update": update, "check": check}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: {sys.argv[0]} update|check")
    sys.exit(commands[sys.argv[1]]())
