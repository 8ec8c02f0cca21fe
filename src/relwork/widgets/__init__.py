"""Reusable pieces of the relwork screens."""
