"""Pages outside the navigation share one rendering of their sidebars (tiekartta/site/sidebars.py,
overrides/main.html): the site is the same, byte for byte, as when the theme renders every page's
sidebars itself."""

from __future__ import annotations

import json

import pytest

from sitecheck import site_files

pytestmark = pytest.mark.build

# Hooks added after the site's own, for these builds only: one counts the pages whose sidebars
# were shared, the other takes the sharing away so that the theme renders every page's sidebars.
COUNT_SHARED = '''
import json
from pathlib import Path

shared = []


def on_env(env, config, files):
    sidebars = env.globals["tk_sidebars"]
    rendered = sidebars.rendered

    def counted(key):
        found = rendered(key)
        if found is not None:
            shared.append(key)
        return found

    sidebars.rendered = counted
    return env


def on_post_build(config):
    Path(config.config_file_path).with_name("jaetut.json").write_text(json.dumps(len(shared)))
'''
RENDER_EVERY = '''
def on_env(env, config, files):
    del env.globals["tk_sidebars"]
    return env
'''


def _build_with_hook(project, site, name: str, code: str):
    from conftest import build_site

    (project / "hooks" / f"{name}.py").write_text(code, encoding="utf-8")
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    own = "  - hooks/tiekartta_site.py\n"
    assert own in original
    config.write_text(original.replace(own, f"{own}  - hooks/{name}.py\n"), encoding="utf-8")
    try:
        result = build_site(project, site, env={"SOURCE_DATE_EPOCH": "1767225600"})
    finally:
        config.write_text(original, encoding="utf-8")
        (project / "hooks" / f"{name}.py").unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    return site_files(site)


# Hand-written pages outside the navigation with the same headings: the first two have the same
# sidebars, the third hides its table of contents and must not get theirs.
SAME_HEADINGS = "# {title}\n\n## Tausta\n\nTeksti.\n\n## Toteutus\n\nTeksti.\n"
PAGES = {
    "ohje-a.md": SAME_HEADINGS.format(title="Ensimmäinen ohje"),
    "ohje-b.md": SAME_HEADINGS.format(title="Toinen ohje"),
    "ohje-c.md": "---\nhide:\n  - toc\n---\n\n" + SAME_HEADINGS.format(title="Kolmas ohje"),
}


def test_shared_sidebars_are_the_ones_the_theme_would_render(project_copy, tmp_path):
    for name, text in PAGES.items():
        (project_copy / "docs" / "opas" / name).write_text(text, encoding="utf-8")
    shared = _build_with_hook(project_copy, tmp_path / "jaettu", "count_shared", COUNT_SHARED)
    every = _build_with_hook(project_copy, tmp_path / "jokainen", "render_every", RENDER_EVERY)
    assert json.loads((project_copy / "jaetut.json").read_text()) >= 1
    assert {"opas/ohje-a/index.html", "opas/ohje-c/index.html"} <= shared.keys()
    assert shared.keys() == every.keys()
    assert [name for name in shared if shared[name] != every[name]] == []
