"""Views: turn recorded steps into text for a terminal."""
