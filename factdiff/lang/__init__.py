"""Language layer: what the rules know of English, as data files and one reading of each claim."""
