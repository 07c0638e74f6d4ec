"""The lessons: short scripts that follow "Motivating Self-Attention" part by part."""
