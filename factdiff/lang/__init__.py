"""English language data: word lists kept as versioned TOML files, loaded once by `factdiff.lang.lexicon`."""
