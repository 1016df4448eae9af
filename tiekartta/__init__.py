"""Sosiaalityön tiekartta: content model (model/), page rendering (pages/) and site glue (site/)."""
