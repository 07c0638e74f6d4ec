"""File formats: trace files, JSON a learner wrote, and files written whole."""
