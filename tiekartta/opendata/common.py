"""What every open data file shares: the licence, the publisher and where things are on the site."""

from __future__ import annotations


from ..model import Roadmap
from ..model.kinds import MUNICIPALITIES
from ..pages import routes

PUBLISHER = "Sosiaalityön tiekartta"
LICENCE_ID = "CC-BY-4.0"  # SPDX identifier, for machines
LICENCE_NAME = "Creative Commons Nimeä 4.0 Kansainvälinen (CC BY 4.0)"
LICENCE_SHORT = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.fi"


def attribution(site_url: str) -> str:
    """How a reuser credits the source, as CC BY asks."""
    where = f" ({site_url})" if site_url else ""
    return f"Lähde: {PUBLISHER}{where}, {LICENCE_SHORT}"


def rights(site_url: str) -> str:
    return f"Sisältö: {LICENCE_SHORT} ({LICENCE_URL}). {attribution(site_url)}."


def absolute(site_url: str, src_uri: str) -> str:
    """Docs path or site file path -> the URL readers use (absolute when the site URL is known)."""
    if src_uri.endswith(".md") or ".md#" in src_uri:
        path = routes.page_url(src_uri)
    else:
        path = src_uri
    return site_url + path if site_url else path


def municipality_source(roadmap: Roadmap) -> str:
    """The file of the municipality list (the model keeps its items, not the file they came from)."""
    folder = roadmap.info.source.rpartition("/")[0]
    return f"{folder}/{MUNICIPALITIES.file}" if folder else str(MUNICIPALITIES.file)
