"""Search: the Pagefind index of the built site (index.py), with the Finnish forms of each page's
words from Voikko (finnish.py, morphology.py)."""
