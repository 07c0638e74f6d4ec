"""Playing a trace: the player, the terminal, its keys, positions, and the quiz."""
