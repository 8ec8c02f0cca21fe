"""relwork: a keyboard-driven terminal workbench for relationship managers."""

__version__ = "0.1.0"
