"""mkdocs-macros: gives hand-written pages in docs/ access to the content model.

Only pages with `render_macros: true` in their front matter are rendered as templates, and only
if they hold nothing but calls of these macros with literal arguments (on_pre_page_macros,
tiekartta.boundary.PROJECT_MACROS): no page's text reaches Jinja with access to Python objects.
Every macro returns text made by a Jinja template from model data; that text is not rendered
again, so content can never run as a template. The model is the one the build has read
(hooks/tiekartta_site.py).
"""

from tiekartta.pages import snippets
from tiekartta.site.boundary import refuse_unsafe_macro_page
from tiekartta.site.mkdocs_site import SiteBuilder


def _site_builder(env) -> SiteBuilder:
    builders = [hook.site for hook in env.conf.plugins.values() if isinstance(getattr(hook, "site", None), SiteBuilder)]
    if not builders:
        raise LookupError("mkdocs.yml ei lataa sivuston hookia (hooks/tiekartta_site.py).")
    return builders[0]


def define_env(env):
    def roadmap():
        return _site_builder(env).roadmap

    def here():
        return env.page.file.src_uri

    @env.macro
    def teemakortti(tunniste: str) -> str:
        """A card for one theme: its name, kind and what is linked to it."""
        return snippets.theme_card(roadmap(), tunniste, here())

    @env.macro
    def tuotokset_kunnittain() -> str:
        """A table of outputs per municipality or organisation."""
        return snippets.outputs_by_municipality_table(roadmap(), here())

    @env.macro
    def saavuttamattomat_aineistot() -> str:
        """The outputs' files marked not accessible, with the reason (the accessibility statement)."""
        return snippets.inaccessible_materials_list(roadmap(), here())

    @env.macro
    def sisallon_maarat() -> str:
        """How many things of each kind the content holds."""
        return snippets.counts_list(roadmap())


def on_pre_page_macros(env):
    """Before each page is rendered: refuse any template code but the macros above, and a theme
    card of a theme the content does not have (a Finnish error with the line, not a traceback)."""
    refuse_unsafe_macro_page(env, _site_builder(env).theme_ids())
