"""Sosiaalityön tiekartta: the content model (model/), the pages, open data and search made from it
(pages/, opendata/, search/), and the MkDocs side (site/, with boundary/: what a pull request may
bring besides content); README.md has the layout."""
