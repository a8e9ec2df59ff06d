"""The build hook: every message catalog (`src/rolefit/locale/*/LC_MESSAGES/*.po`) compiled to
its `.mo` with babel, so that the wheel carries them and an editable checkout has them.

Babel runs here, at build time only; rolefit reads the `.mo` files with the standard library's
`gettext`. The `.mo` files are not committed (.gitignore): every build makes them afresh.
A catalog with a fuzzy or untranslated message still compiles (those messages show in
English); tests/test_catalogs.py is what insists that German is complete.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src") / "rolefit" / "locale"


def compile_catalog(po: Path, mo: Path) -> None:
    """`po` compiled to `mo` (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, domain=po.stem)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as target:
        write_mo(target, catalog, use_fuzzy=False)


def compile_all(locale: str | Path = LOCALE) -> list[Path]:
    """Every catalog under `locale` compiled beside its `.po` (`make messages`)."""
    compiled = []
    for po in sorted(Path(locale).glob("*/LC_MESSAGES/*.po")):
        compile_catalog(po, po.with_suffix(".mo"))
        compiled.append(po.with_suffix(".mo"))
    return compiled


class CatalogsHook(BuildHookInterface):
    """Compiles the catalogs before the wheel (or the editable wheel) is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sources = sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po"))
        if version == "editable":
            # The editable install imports rolefit from src/: the .mo goes beside its .po.
            compile_all(root / LOCALE)
            return
        # A wheel: compiled outside the source tree (which may be read-only), then placed
        # in the package where rolefit.files.catalogs looks for them.
        out = Path(tempfile.mkdtemp(prefix="rolefit-catalogs-"))
        self._compiled = out
        for po in sources:
            relative = po.relative_to(root / "src").with_suffix(".mo")
            compile_catalog(po, out / relative)
            build_data["force_include"][str(out / relative)] = str(relative)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """The compiled catalogs are in the wheel now: their temporary folder goes."""
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            shutil.rmtree(compiled, ignore_errors=True)
