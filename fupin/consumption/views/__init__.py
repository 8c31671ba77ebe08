"""Pages of the consumption app: the offices' pages (`office`, `board`) and the buyers' market (`market`)."""
