"""The version selector, for builds made by mike (make deploy) only."""

from __future__ import annotations

import os

# mike sets this for each build it makes; plain builds (preview, tests) have no versions.json
# beside them, so they get no selector that would ask for one.
MIKE_VERSION_VARIABLE = "MIKE_DOCS_VERSION"
LATEST_ALIAS = "uusin"


def configure(config) -> None:
    """on_config, after mike's: Material's version selector and its "not the newest" banner."""
    if not os.environ.get(MIKE_VERSION_VARIABLE):
        return
    config.extra["version"] = {"provider": "mike", "default": LATEST_ALIAS, "alias": True}
    # mike makes site_url ".../tiekartta/2025" without the final slash. The 404 page links from
    # site_url's path, and Material finds ../versions.json and the search index from it: without
    # the slash they would resolve one folder too high.
    if config.site_url and not config.site_url.endswith("/"):
        config.site_url += "/"
