"""The operations, one declaration each: vectors, matrices, weights, attention."""
