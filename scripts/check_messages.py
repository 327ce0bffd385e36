"""Fail when an interface string lacks a translation in any language.

The catalogues are regenerated from the current sources in a scratch copy of
the project, so a string added to a template or to Python code without a
translation is caught too, as is a fuzzy or untranslated entry.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["manage.py", "samenleving", "pages", "institutes", "templates", "locale"]
LANGUAGES = ["nl", "fr", "en", "de"]


def main():
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for name in SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    scratch / name,
                    ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
                )
            elif source.exists():
                shutil.copy2(source, scratch / name)
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v", "0"]
            + [arg for code in LANGUAGES for arg in ("-l", code)],
            cwd=scratch,
            check=True,
            env={"DJANGO_DEBUG": "true", "PATH": "/usr/bin:/bin:/usr/local/bin"},
        )
        for code in LANGUAGES:
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
    sys.exit(main())
