"""Site glue: what the MkDocs hooks and macros.py call. Each function takes config or model data."""
