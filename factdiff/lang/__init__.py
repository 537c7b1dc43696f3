"""Language layer: English word lists as versioned data files (`lexicon`), and one reading of each claim's
stance (`annotate`)."""
