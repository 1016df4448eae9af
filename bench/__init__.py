"""`make bench`: speed and size of the site with synthetic content of 100 to 5,000 outputs."""
