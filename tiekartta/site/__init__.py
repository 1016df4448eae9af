"""The MkDocs side of the site: adapters that put the generated pages and files into a build."""
